/**
 * Contract suite of the address-space store, on SQLite and PostgreSQL: claims, the read rule (a member sees
 * only its own claims), decisions, approval order for ties, the change counter, and survival across a reopen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isRenkeiError } from '../../core/errors.ts';
import { hubRunnerEngines, type OpenedRunner } from '../../testkit/hub-runners.ts';
import { createSqlAddressSpaceStore } from './sql-address-space-store.ts';

describe.each(hubRunnerEngines('as-store'))('address-space store on %s', (_engine, open) => {
  let o: OpenedRunner | undefined;
  afterEach(async () => {
    await o?.cleanup();
    o = undefined;
  });

  it('keeps claims per member, hides other members’ claims, records decisions in approval order', async () => {
    o = await open();
    const s = await createSqlAddressSpaceStore(o.runner);
    const check = { verdict: 'announced' as const, asns: [64500], claimedAsns: [64500] };
    const a = await s.addClaim({ memberId: 1, kind: 'prefix', value: '203.0.113.0/24', check, createdBy: 10, at: 1000 });
    const b = await s.addClaim({ memberId: 2, kind: 'prefix', value: '203.0.113.0/24', check: null, createdBy: 20, at: 1001 });
    const c = await s.addClaim({ memberId: 1, kind: 'asn', value: 'AS64500', check: null, createdBy: 10, at: 1002 });
    expect(a).toEqual({ id: a.id, memberId: 1, kind: 'prefix', value: '203.0.113.0/24', state: 'pending', check, note: null, createdBy: 10, createdAt: 1000, decidedBy: null, decidedAt: null });
    const err = await s.addClaim({ memberId: 1, kind: 'prefix', value: '203.0.113.0/24', check: null, createdBy: 10, at: 1003 }).catch((e: unknown) => e);
    expect(isRenkeiError(err) && err.code).toBe('conflict');

    expect((await s.listClaims({ kind: 'member', memberId: 1 })).map((x) => x.id)).toEqual([a.id, c.id]);
    expect((await s.listClaims({ kind: 'member', memberId: 2 })).map((x) => x.id)).toEqual([b.id]);
    expect((await s.listClaims({ kind: 'member', memberId: 3 }))).toEqual([]);
    expect((await s.listClaims({ kind: 'hub-admin' })).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(await s.getClaim(b.id, { kind: 'member', memberId: 1 })).toBeNull();
    expect((await s.getClaim(b.id, { kind: 'member', memberId: 2 }))?.value).toBe('203.0.113.0/24');

    const v0 = await s.version();
    // b is approved first, so it wins the tie on the identical prefix.
    expect((await s.decide(b.id, 'approved', 99, 2000, null))?.state).toBe('approved');
    expect((await s.decide(a.id, 'approved', 99, 2001, 'checked'))).toMatchObject({ state: 'approved', decidedBy: 99, decidedAt: 2001, note: 'checked' });
    expect(await s.decide(9999, 'approved', 99, 2002, null)).toBeNull();
    expect(await s.version()).toBe(v0 + 2);
    expect((await s.approvedPrefixes()).map((x) => x.id)).toEqual([b.id, a.id]);

    // The approved claims survive a restart (a new runner on the same database, migrations re-run).
    const again = await createSqlAddressSpaceStore(o.reopen());
    expect((await again.approvedPrefixes()).map((x) => [x.id, x.memberId, x.value])).toEqual([[b.id, 2, '203.0.113.0/24'], [a.id, 1, '203.0.113.0/24']]);
    expect(await again.removeClaim(b.id)).toBe(true);
    expect(await again.removeClaim(b.id)).toBe(false);
    expect((await s.approvedPrefixes()).map((x) => x.id)).toEqual([a.id]);
  });
});
