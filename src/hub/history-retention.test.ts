/**
 * Search-history retention on SQLite and PostgreSQL: results past RENKEI_HUB_HISTORY_DAYS are purged, the
 * history keeps status and counts and says the result is gone; newer results stay whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { generateWorld } from './demo/world.ts';
import { historyRetention } from './search/history-retention.ts';

const world = generateWorld({ fillerPerMember: 50 });
const member = world.members[2]!;
const DAY = 86_400_000;

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`history retention (${db})`, () => {
    let net: TestNetwork;
    beforeAll(async () => {
      net = await startNetwork({ db, members: [{ name: member.name, seed: member.events }], hubConfig: { historyDays: 30, enrichment: { enabled: false, rangeDirs: [] } } });
    });
    afterAll(async () => {
      await net?.close();
    });

    it('purges results older than the retention period and keeps their counts', async () => {
      const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[member.name]!.analyst.key });
      const old = await c.search({ values: world.sample.slice(0, 300) });
      const { store } = net.hub.hub.ctx;
      // 29 days later nothing is due; 31 days later the result goes.
      expect(await historyRetention(store, 30, () => old.createdAt + 29 * DAY).purge()).toBe(0);
      expect((await c.getSearch(old.id)).results).toHaveLength(300);
      const recent = await c.search({ values: world.sample.slice(0, 10) });
      // The cut-off falls between the two searches: only the older one is purged.
      const purged = await historyRetention(store, 30, () => recent.createdAt - 1 + 30 * DAY).purge();
      expect(purged).toBe(1);

      const list = (await c.listSearches()).searches;
      const o = list.find((s) => s.id === old.id)!;
      const hitValues = old.results.filter((r) => Object.keys(r.hits).length > 0).length;
      expect(hitValues).toBeGreaterThan(0);
      expect(o).toMatchObject({ status: 'done', valueCount: 300, hitValueCount: hitValues, resultKept: false });
      expect(list.find((s) => s.id === recent.id)).toMatchObject({ resultKept: true });
      await expect(c.getSearch(old.id)).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/purged after 30 days/) });
      expect(await c.getSearch(recent.id)).toEqual(recent);

      // The hub-kept hit log follows the same period.
      const m = (await store.getMember(member.name))!;
      const hit = { memberId: m.id, searchId: old.id, searcherOrg: 'Searcher', value: '45.1.1.1', type: 'ip-dst', match: 'exact', attributeUuid: 'a', eventUuid: 'e', eventInfo: 'i' };
      await store.recordOwnerHits([{ ...hit, at: old.createdAt }, { ...hit, attributeUuid: 'b', at: recent.createdAt }]);
      await historyRetention(store, 30, () => recent.createdAt - 1 + 30 * DAY).purge();
      expect((await store.listOwnerHits(m.id, 0, 10)).map((h) => h.attributeUuid)).toEqual(['b']);
    });
  });
}
