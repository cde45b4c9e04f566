/**
 * Hub store transactions on SQLite and PostgreSQL: all writes of one commit together, a throw rolls all
 * of them back, statements of other callers during an open transaction are neither lost nor rolled back
 * with it, and start-up marks cut-off searches interrupted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { openHubStore } from './open-hub-store.ts';
import type { HubStore } from './port.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-hub-tx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2026, 10, 20, 9);

async function withStore(kind: 'sqlite' | 'postgres', fn: (s: HubStore) => Promise<void>): Promise<void> {
  if (kind === 'sqlite') {
    const s = await openHubStore(path.join(dir, `${uniqueSchema('tx')}.db`));
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }
  const schema = uniqueSchema('hubtx');
  const s = await openHubStore(testPgUrl(), { schema });
  try {
    await fn(s);
  } finally {
    await s.close();
    const raw = new pg.Pool({ connectionString: testPgUrl(), max: 1 });
    await raw.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await raw.end();
  }
}

const hit = (memberId: number, searchId: string, i: number) => ({
  memberId, searchId, searcherOrg: 'Searcher', value: `45.0.0.${i}`, type: 'ip-dst', match: 'exact', attributeUuid: `attr-${i}`, eventUuid: 'ev', eventInfo: 'info', at: T0 + i,
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`hub store transactions (${kind})`, () => {
    it('commits a search result, its hit log rows and audit entry together', async () => {
      await withStore(kind, async (s) => {
        const org = await s.ensureOrg('Org A');
        const m = await s.createMember(org.id, 'Org A');
        await s.startSearch({ id: 'q1', orgId: org.id, userId: 1, createdAt: T0, valueCount: 250 });
        await s.transaction(async (tx) => {
          await tx.finishSearch('q1', 250, '{"r":1}', 'partial');
          await tx.recordOwnerHits(Array.from({ length: 250 }, (_, i) => hit(m.id, 'q1', i)));
          await tx.audit({ at: T0, actorUserId: 1, actorOrg: 'Org A', action: 'search-done', count: 250, detail: 'search q1' });
        });
        expect(await s.getSearch('q1')).toMatchObject({ status: 'partial', hitValueCount: 250, resultJson: '{"r":1}' });
        expect((await s.listOwnerHits(m.id, 0, 1000)).map((h) => h.attributeUuid).sort()).toEqual(Array.from({ length: 250 }, (_, i) => `attr-${i}`).sort());
        expect((await s.listAudit(10)).map((a) => a.action)).toEqual(['search-done']);
      });
    });

    it('rolls every write back when the transaction throws, keeping writes made outside it meanwhile', async () => {
      await withStore(kind, async (s) => {
        const org = await s.ensureOrg('Org A');
        const m = await s.createMember(org.id, 'Org A');
        await s.startSearch({ id: 'q1', orgId: org.id, userId: 1, createdAt: T0, valueCount: 3 });
        // Another caller writes while the transaction is open: it must survive the rollback.
        const outside = new Promise((r) => setTimeout(r, 10)).then(() => s.audit({ at: T0, actorUserId: 2, actorOrg: 'Other', action: 'sign-in', count: null, detail: null }));
        await expect(
          s.transaction(async (tx) => {
            await tx.finishSearch('q1', 3, '{"r":1}');
            await tx.recordOwnerHits(Array.from({ length: 150 }, (_, i) => hit(m.id, 'q1', i)));
            await new Promise((r) => setTimeout(r, 40));
            await tx.audit({ at: T0, actorUserId: 1, actorOrg: 'Org A', action: 'search-done', count: 3, detail: 'q1' });
            throw new Error('disk full');
          }),
        ).rejects.toThrow('disk full');
        await outside;
        expect(await s.getSearch('q1')).toMatchObject({ status: 'running', resultJson: null });
        expect(await s.listOwnerHits(m.id, 0, 1000)).toEqual([]);
        expect((await s.listAudit(10)).map((a) => a.action)).toEqual(['sign-in']);
        // The store is usable after a rollback.
        await s.transaction(async (tx) => tx.finishSearch('q1', 0, '{}'));
        expect((await s.getSearch('q1'))!.status).toBe('done');
      });
    });

    it('rolls back a member whose source cannot be stored', async () => {
      await withStore(kind, async (s) => {
        await expect(
          s.transaction(async (tx) => {
            const org = await tx.ensureOrg('Newcomer');
            const m = await tx.createMember(org.id, 'Newcomer');
            await tx.addSource({ memberId: m.id + 1000, kind: 'renkei', url: 'http://x', secret: 's', verifyTls: true, caFile: null }); // no such member
          }),
        ).rejects.toThrow();
        expect(await s.getMember('Newcomer')).toBeNull();
        expect(await s.getOrg('Newcomer')).toBeNull();
        const org = await s.ensureOrg('Newcomer');
        expect((await s.createMember(org.id, 'Newcomer')).name).toBe('Newcomer');
      });
    });

    it('refuses, rather than deadlocks on, a statement that bypasses the open transaction', async () => {
      await withStore(kind, async (s) => {
        const org = await s.ensureOrg('Org A');
        const attempt = s.transaction(async () => {
          // The outer store inside the transaction: on SQLite it would wait for the transaction for ever.
          await Promise.race([s.getOrg(org.id), new Promise((_, reject) => setTimeout(() => reject(new Error('deadlocked')), 2000))]);
        });
        if (kind === 'sqlite') await expect(attempt).rejects.toThrow(/must use the transaction/);
        else await attempt; // PostgreSQL: another pooled connection answers
      });
    });

    it('marks interrupted only the running searches whose hub process is gone', async () => {
      await withStore(kind, async (s) => {
        const org = await s.ensureOrg('Org A');
        const run = (id: string, instance: string | null) => s.startSearch({ id, orgId: org.id, userId: 1, createdAt: T0, valueCount: 5, instance });
        // hub-a restarts; hub-b is alive (fresh heartbeat); hub-c stopped heartbeating; legacy rows name none.
        await s.heartbeat('hub-a', T0);
        await s.heartbeat('hub-b', T0 + 50_000);
        await s.heartbeat('hub-c', T0 + 1_000);
        for (const [id, inst] of [['a1', 'hub-a'], ['b1', 'hub-b'], ['c1', 'hub-c'], ['old', null], ['fin', 'hub-b'], ['part', 'hub-b'], ['d1', 'hub-d']] as const) await run(id, inst);
        await s.finishSearch('fin', 2, '{}');
        await s.finishSearch('part', 1, '{}', 'partial');
        expect(await s.interruptOrphanedSearches({ self: 'hub-a', staleBefore: T0 + 30_000 })).toBe(4);
        const byId = Object.fromEntries((await s.listSearches(org.id, 10)).map((r) => [r.id, r.status]));
        expect(byId).toEqual({ a1: 'interrupted', b1: 'running', c1: 'interrupted', old: 'interrupted', d1: 'interrupted', fin: 'done', part: 'partial' });
        expect(await s.interruptOrphanedSearches({ self: 'hub-a', staleBefore: T0 + 30_000 })).toBe(0);
        // Once hub-b misses its heartbeats, a sweep by any hub (no `self`) ends its search too.
        expect(await s.interruptOrphanedSearches({ staleBefore: T0 + 60_000 })).toBe(1);
        expect((await s.getSearch('b1'))!.status).toBe('interrupted');
      });
    });
  });
}
