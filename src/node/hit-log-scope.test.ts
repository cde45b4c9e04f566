/**
 * Issue 20 §3 (node): the owner hit log is the owner's. Each reader sees hits on its own organisation's data
 * only, the hub's search key reads one member at a time on that member's behalf, a node admin reads all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitLogEntry } from '../contracts/federation.ts';
import { enrolHub } from '../testkit/hub-enrolment.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event } from './test-support.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`owner hit log scoped to the owning organisation (${db})`, () => {
    let t: TestNode;
    const key: Record<string, string> = {};
    const values = (r: { json: { hits: HitLogEntry[] } }) => r.json.hits.map((h) => h.value).sort();

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Org A' });
      for (const [org, role] of [['Org A', 'reader'], ['Org B', 'reader'], ['Org C', 'reader'], ['Org A', 'admin']] as const) key[`${org}/${role}`] = await t.createKey(org, role);
      // Signed assertions name the searcher; an unpinned search key would only be an unidentified member.
      const hub = await enrolHub(t, 'Hub');
      key['Hub/search'] = hub.key;
      const b = (await t.store.getOrg('Org B'))!;
      await t.store.saveEvents([event('A data', [attr('domain', 'a-data.example')], { tlp: 'green' })], t.ownerOrg.id);
      await t.store.saveEvents([event('B data', [attr('domain', 'b-data.example')], { tlp: 'green' })], b.id);
      const search = (searcher: string, vs: string[]) =>
        call(`${t.url}/federation/v1/search`, key['Hub/search']!, 'POST', hub.sign({ searchId: `by-${searcher}`, searcher: { name: searcher }, values: vs.map((value) => ({ type: 'domain', value })) }));
      expect((await search('Org C', ['a-data.example', 'b-data.example', 'nothing.example'])).status).toBe(200);
      expect((await search('Org B', ['a-data.example'])).status).toBe(200);
    });
    afterAll(async () => t?.close());

    const hits = (k: string, q = '', headers: Record<string, string> = {}) => call(`${t.url}/federation/v1/hits${q}`, key[k]!, 'GET', undefined, headers);

    it('shows each reader only the hits on its own organisation’s data', async () => {
      const a = await hits('Org A/reader');
      expect(a.status).toBe(200);
      expect(values(a)).toEqual(['a-data.example', 'a-data.example']);
      expect(a.json.hits.map((h: HitLogEntry) => h.searchId).sort()).toEqual(['by-Org B', 'by-Org C']);
      expect(values(await hits('Org B/reader'))).toEqual(['b-data.example']);
      expect(values(await hits('Org C/reader'))).toEqual([]);
      expect((await hits('Org A/reader', '?org=Org%20B')).status).toBe(403);
      expect(values(await hits('Org A/reader', '?org=Org%20A'))).toEqual(['a-data.example', 'a-data.example']);
    });

    it('lets the hub’s search key read one member at a time, by ?org= or header', async () => {
      const none = await hits('Hub/search');
      expect(none.status).toBe(400);
      expect(none.json.error.code).toBe('validation_failed');
      expect(values(await hits('Hub/search', '?org=Org%20A'))).toEqual(['a-data.example', 'a-data.example']);
      expect(values(await hits('Hub/search', '', { 'x-renkei-on-behalf-of': 'Org B' }))).toEqual(['b-data.example']);
      expect((await hits('Hub/search', '?org=Nobody')).status).toBe(404);
      // The hub names its member by uuid; one the node does not know falls back to the node's default (here: ask).
      const b = (await t.store.getOrg('Org B'))!;
      expect(values(await hits('Hub/search', '', { 'x-renkei-on-behalf-of': b.uuid }))).toEqual(['b-data.example']);
      expect((await hits('Hub/search', '', { 'x-renkei-on-behalf-of': '5d1e8c7e-0000-4000-8000-000000000000' })).status).toBe(400);
    });

    it('gives a node admin the whole log, or one organisation’s', async () => {
      expect(values(await hits('Org A/admin'))).toEqual(['a-data.example', 'a-data.example', 'b-data.example']);
      expect(values(await hits('Org A/admin', '?org=Org%20B'))).toEqual(['b-data.example']);
    });

    it('audits hit-log reads with whose hits and how many, never the values', async () => {
      await t.node.flushAudit();
      const reads = (await t.node.meta.listAudit({ limit: 10_000 })).filter((e) => e.action === 'federation.hits');
      expect(reads.length).toBeGreaterThanOrEqual(8);
      expect(reads.find((e) => e.orgName === 'Org B')!.detail).toMatchObject({ owner: 'Org B', returned: 1 });
      expect(JSON.stringify(reads)).not.toContain('data.example');
    });
  });
}
