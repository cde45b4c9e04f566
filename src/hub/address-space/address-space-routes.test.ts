/**
 * Address space over real HTTP on a real hub (SQLite): the write matrix (actor org × role × claim for own
 * member / another member / nobody), the read matrix (who sees which claims, on every read path), the
 * check against the bundled IP-to-ASN data, conflicts, and "most specific wins".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

let net: TestNetwork;
let aoba = 0;
let kinu = 0;

beforeAll(async () => {
  net = await startNetwork({ members: [{ name: 'Aoba Net' }, { name: 'Kinu Telecom' }], hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 } } });
  aoba = (await net.hub.hub.ctx.store.getMember('Aoba Net'))!.id;
  kinu = (await net.hub.hub.ctx.store.getMember('Kinu Telecom'))!.id;
}, 60_000);
afterAll(async () => net?.close());

const api = async (key: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${net.hub.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
};
const keys = () => ({
  hub: net.hub.admin.key,
  aobaAdmin: net.users['Aoba Net']!.admin.key,
  aobaAnalyst: net.users['Aoba Net']!.analyst.key,
  kinuAdmin: net.users['Kinu Telecom']!.admin.key,
  kinuAnalyst: net.users['Kinu Telecom']!.analyst.key,
});
type Claim = { id: number; memberId: number; value: string; state: string; check: unknown };

describe('address space', () => {
  it('write matrix: member admins register for their own member only, hub admins for any, analysts never; only hub admins decide', async () => {
    const k = keys();
    const cases: Array<[string, string, number | undefined, number]> = [
      // actor, key, memberId in the body (own / other / none / nobody), expected status
      ['aoba admin, own (implicit)', k.aobaAdmin, undefined, 201],
      ['aoba admin, own (explicit)', k.aobaAdmin, aoba, 201],
      ['aoba admin, other member', k.aobaAdmin, kinu, 403],
      ['aoba admin, no such member', k.aobaAdmin, 9999, 403],
      ['aoba analyst, own', k.aobaAnalyst, undefined, 403],
      ['aoba analyst, other', k.aobaAnalyst, kinu, 403],
      ['hub admin, kinu', k.hub, kinu, 201],
      ['hub admin, no member named', k.hub, undefined, 400],
      ['hub admin, no such member', k.hub, 9999, 404],
    ];
    const got: Array<[string, number]> = [];
    let n = 0;
    for (const [label, key, memberId, _want] of cases) {
      const value = `198.51.${100 + n++}.0/24`;
      got.push([label, (await api(key, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value, ...(memberId ? { memberId } : {}) })).status]);
    }
    expect(got).toEqual(cases.map(([label, , , want]) => [label, want]));
    const all = (await api(k.hub, 'GET', '/api/v1/address-space/claims')).body!.claims as Claim[];
    expect(all.map((c) => [c.memberId, c.value, c.state])).toEqual([[aoba, '198.51.100.0/24', 'pending'], [aoba, '198.51.101.0/24', 'pending'], [kinu, '198.51.106.0/24', 'pending']]);

    // Decisions: hub admin only, whoever's claim it is; deletion by the owner's admin or the hub admin.
    const [a1, a2, k1] = all as [Claim, Claim, Claim];
    expect((await api(k.aobaAdmin, 'POST', `/api/v1/address-space/claims/${a1.id}/approve`)).status).toBe(403);
    expect((await api(k.kinuAdmin, 'POST', `/api/v1/address-space/claims/${a1.id}/approve`)).status).toBe(403);
    expect((await api(k.aobaAnalyst, 'POST', `/api/v1/address-space/claims/${a1.id}/reject`)).status).toBe(403);
    expect((await api(k.hub, 'POST', `/api/v1/address-space/claims/${a1.id}/reject`, { note: 'not yours' })).body).toMatchObject({ state: 'rejected', note: 'not yours' });
    expect((await api(k.kinuAdmin, 'DELETE', `/api/v1/address-space/claims/${a2.id}`)).status).toBe(404);
    expect((await api(k.aobaAnalyst, 'DELETE', `/api/v1/address-space/claims/${a2.id}`)).status).toBe(403);
    expect((await api(k.aobaAdmin, 'DELETE', `/api/v1/address-space/claims/${a2.id}`)).status).toBe(204);
    expect((await api(k.hub, 'DELETE', `/api/v1/address-space/claims/${k1.id}`)).status).toBe(204);
    expect(((await api(k.hub, 'GET', '/api/v1/address-space/claims')).body!.claims as Claim[]).map((c) => c.id)).toEqual([a1.id]);
    // Bad input: a clear error, nothing stored.
    expect((await api(k.aobaAdmin, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value: '10.0.0.1/8' })).body).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await api(k.aobaAdmin, 'POST', '/api/v1/address-space/claims', { kind: 'asn', value: 'AS0' })).status).toBe(400);
    expect((await api(k.aobaAdmin, 'POST', '/api/v1/address-space/claims', { kind: 'prefix', value: '198.51.100.0/24' })).status).toBe(409);
    await api(k.hub, 'DELETE', `/api/v1/address-space/claims/${a1.id}`);
  });

  it('checks claims against the bundled IP-to-ASN data, flags conflicts, and the most specific approved claim owns an address', async () => {
    const k = keys();
    const post = async (key: string, kind: string, value: string) => (await api(key, 'POST', '/api/v1/address-space/claims', { kind, value })).body as unknown as Claim;
    await post(k.aobaAdmin, 'asn', 'as15169');
    const google = await post(k.aobaAdmin, 'prefix', '8.8.8.0/24');
    const inner = await post(k.kinuAdmin, 'prefix', '8.8.8.128/25');
    const doc = await post(k.kinuAdmin, 'prefix', '2001:DB8::/32');
    expect(google.check).toEqual({ verdict: 'announced', asns: [15169], claimedAsns: [15169] });
    expect(inner.check).toEqual({ verdict: 'other_as', asns: [15169], claimedAsns: [] });
    expect(doc.value).toBe('2001:db8::/32');
    expect(doc.check).toEqual({ verdict: 'not_announced', asns: [], claimedAsns: [] });

    const conflicts = (await api(k.hub, 'GET', '/api/v1/address-space/conflicts')).body!.conflicts;
    expect(conflicts).toEqual([{ kind: 'nested', inner: { prefix: '8.8.8.128/25', claim: inner.id, owner: String(kinu) }, outer: { prefix: '8.8.8.0/24', claim: google.id, owner: String(aoba) } }]);
    expect((await api(k.aobaAdmin, 'GET', '/api/v1/address-space/conflicts')).status).toBe(403);

    // Unapproved claims own nothing.
    const owner = (ip: string) => net.hub.hub.ctx.addressSpace.owner(ip);
    expect(await owner('8.8.8.200')).toBeNull();
    await api(k.hub, 'POST', `/api/v1/address-space/claims/${google.id}/approve`);
    expect(await owner('8.8.8.200')).toEqual({ memberId: aoba, claimId: google.id, prefix: '8.8.8.0/24' });
    await api(k.hub, 'POST', `/api/v1/address-space/claims/${inner.id}/approve`);
    await api(k.hub, 'POST', `/api/v1/address-space/claims/${doc.id}/approve`);
    expect(await owner('8.8.8.200')).toEqual({ memberId: kinu, claimId: inner.id, prefix: '8.8.8.128/25' });
    expect(await owner('8.8.8.127')).toEqual({ memberId: aoba, claimId: google.id, prefix: '8.8.8.0/24' });
    expect(await owner('::ffff:8.8.8.129')).toEqual({ memberId: kinu, claimId: inner.id, prefix: '8.8.8.128/25' });
    expect(await owner('2001:db8:ffff::1')).toEqual({ memberId: kinu, claimId: doc.id, prefix: '2001:db8::/32' });
    expect(await owner('8.8.9.1')).toBeNull();
    expect((await api(k.kinuAnalyst, 'GET', '/api/v1/address-space/prefixes')).body).toEqual({ prefixes: ['8.8.8.0/24', '8.8.8.128/25', '2001:db8::/32'] });

    // Read matrix: each member sees its own claims only, on the list; the hub admin sees all.
    const seen = async (key: string) => ((await api(key, 'GET', '/api/v1/address-space/claims')).body!.claims as Claim[]).map((c) => c.value);
    expect({
      hub: await seen(k.hub), aobaAdmin: await seen(k.aobaAdmin), aobaAnalyst: await seen(k.aobaAnalyst),
      kinuAdmin: await seen(k.kinuAdmin), kinuAnalyst: await seen(k.kinuAnalyst),
    }).toEqual({
      hub: ['AS15169', '8.8.8.0/24', '8.8.8.128/25', '2001:db8::/32'],
      aobaAdmin: ['AS15169', '8.8.8.0/24'], aobaAnalyst: ['AS15169', '8.8.8.0/24'],
      kinuAdmin: ['8.8.8.128/25', '2001:db8::/32'], kinuAnalyst: ['8.8.8.128/25', '2001:db8::/32'],
    });
    expect((await fetch(`${net.hub.url}/api/v1/address-space/claims`)).status).toBe(401);
  });
});
