/** One contract suite for the node's blind store, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBudget, type BudgetPolicy } from '../../core/blind/budget.ts';
import { createTestStore, type TestStore } from '../../testkit/store-factory.ts';
import { blindStoreFor } from './open-blind-store.ts';
import type { BlindStore } from './port.ts';

const POLICY: BudgetPolicy = { perWindow: 10, windowSeconds: 86_400, batchCap: 8 };

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`blind store (${db})`, () => {
    let opened: TestStore;
    let s: BlindStore;
    beforeAll(async () => {
      opened = await createTestStore(db);
      s = blindStoreFor(opened);
      await s.migrate();
      await s.migrate(); // idempotent
    });
    afterAll(async () => opened?.cleanup());

    it('pins and re-pins a hub key per search key', async () => {
      expect(await s.hubPin(7)).toBeNull();
      await s.pinHub(7, 'a'.repeat(43), 100);
      await s.pinHub(7, 'b'.repeat(43), 200);
      expect(await s.hubPin(7)).toEqual({ keyId: 7, publicKey: 'b'.repeat(43), pinnedAt: 200 });
    });

    it('accepts a nonce once until it expires', async () => {
      expect(await s.rememberNonce('n1', 1000, 900)).toBe(true);
      expect(await s.rememberNonce('n1', 1000, 950)).toBe(false);
      expect(await s.rememberNonce('n1', 2000, 1001)).toBe(true); // expired entry may be reused
    });

    it('charges budgets per organisation and window, whole batches only', async () => {
      const charge = (org: string, count: number, now: number) => s.chargeBudget(org, Math.floor(now / 86_400) * 86_400, (u) => chargeBudget(u, POLICY, org, count, now));
      expect((await charge('A', 6, 86_400 * 3)).ok).toBe(true);
      const refused = await charge('A', 6, 86_400 * 3 + 5);
      expect(refused).toMatchObject({ ok: false, reason: 'budget_exhausted', remaining: 4 });
      expect((await charge('B', 8, 86_400 * 3)).ok).toBe(true);
      expect((await charge('A', 6, 86_400 * 4)).ok).toBe(true); // next window
      expect(await s.budgetUsage(86_400 * 3)).toEqual([{ org: 'A', windowStart: 86_400 * 3, used: 6 }, { org: 'B', windowStart: 86_400 * 3, used: 8 }]);
    });

    it('keeps token rows, set state and deltas per epoch and audience, and drops old epochs', async () => {
      await s.cacheTags(5, [{ input: 'i1', tag: '00000000000000aa' }]);
      expect([...(await s.cachedTags(5, ['i1', 'i2']))]).toEqual([['i1', '00000000000000aa']]);
      const r1 = { input: 'i1', tag: '00000000000000aa', attributeId: 1, match: 'exact' };
      const r2 = { input: 'i2', tag: '00000000000000bb', attributeId: 2, match: 'subdomain' };
      await s.applyTokens(5, 'community', { added: [r1, r2], removed: [] }, '{"v":1}', { fromVersion: 0, toVersion: 1, added: 'AA', removed: '' });
      await s.applyTokens(5, 'community', { added: [], removed: [r2] }, '{"v":2}', { fromVersion: 1, toVersion: 2, added: '', removed: 'BB' });
      await s.applyTokens(5, 'group:g', { added: [r2], removed: [] }, '{"v":1}', { fromVersion: 0, toVersion: 1, added: 'CC', removed: '' });
      expect(await s.tokenRows(5, 'community')).toEqual([r1]);
      expect(await s.tokenState(5, 'community')).toBe('{"v":2}');
      expect((await s.deltasSince(5, 'community', 1)).map((d) => d.toVersion)).toEqual([2]);
      expect(await s.tokensByTag(5, ['community'], '00000000000000bb')).toEqual([]);
      expect(await s.tokensByTag(5, ['community', 'group:g'], '00000000000000bb')).toEqual([{ ...r2, audience: 'group:g' }]);
      expect(await s.audiences(5)).toEqual(['community', 'group:g']);
      await s.dropEpochsBefore(6);
      expect(await s.audiences(5)).toEqual([]);
      expect((await s.cachedTags(5, ['i1'])).size).toBe(0);
    });
  });
}
