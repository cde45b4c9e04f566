/** The federation endpoint: per-index answers, the owner hit log (hits only), and who may call what. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederationSearchResponse, HitLogEntry } from '../contracts/federation.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event } from './test-support.ts';
import { enrolHub, type EnrolledHub } from '../testkit/hub-enrolment.ts';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`federation endpoint (${db})`, () => {
    let t: TestNode;
    let hub: string;
    let reader: string;
    let publisher: string;
    let enrolled: EnrolledHub;
    const search = (body: unknown, key = hub) => call(`${t.url}/federation/v1/search`, key, 'POST', key === hub ? enrolled.sign(body) : body);

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Owner' });
      enrolled = await enrolHub(t, 'Hub');
      hub = enrolled.key;
      reader = await t.createKey('Owner', 'reader');
      publisher = await t.createKey('Owner', 'publisher');
      await t.store.ensureOrg({ name: 'Searcher' });
      await t.store.saveEvents(
        [
          event('c2', [attr('ip-dst', '45.2.0.1'), attr('domain', 'c2.example.com'), attr('ip-dst|port', '45.2.0.2|8080'), attr('ip-dst', '45.3.0.0/16')], { tlp: 'green' }),
          event('secret', [attr('ip-dst', '45.2.0.9')], { tlp: 'red' }),
          event('in-house', [attr('ip-dst', '45.2.0.10')], { tlp: 'amber', distribution: 0 }),
        ],
        t.ownerOrg.id,
      );
    });
    afterAll(async () => t?.close());

    it('answers per value index with hit context and logs only hits', async () => {
      const values = [
        { type: 'ip-dst', value: '8.8.4.4' }, // non-hit
        { type: 'ip-dst', value: '45.2.0.1' }, // exact
        { type: 'hostname', value: 'www.c2.example.com' }, // subdomain
        { type: 'ip-dst', value: '45.2.0.2' }, // composite half
        { type: 'ip-dst', value: '45.3.7.7' }, // inside a stored CIDR
        { type: 'domain', value: 'never-seen.example' }, // non-hit
        { type: 'ip-dst', value: '45.2.0.9' }, // RED: invisible to Searcher
      ];
      const r = await search({ searchId: 'sid-1', searcher: { name: 'Searcher' }, values });
      expect(r.status).toBe(200);
      const body = FederationSearchResponse.parse(r.json);
      const byIndex = Object.fromEntries(body.results.map((x) => [x.index, x.hits.map((h) => h.match)]));
      expect(byIndex).toEqual({ 1: ['exact'], 2: ['subdomain'], 3: ['composite'], 4: ['cidr'] });
      const hit = body.results.find((x) => x.index === 1)!.hits[0]!;
      expect(hit.event).toMatchObject({ info: 'c2', orgc: 'Creator', tags: ['tlp:green'] });

      const log = await call(`${t.url}/federation/v1/hits?since=0&limit=100`, reader, 'GET');
      expect(log.status).toBe(200);
      const entries = log.json.hits.map((h: unknown) => HitLogEntry.parse(h));
      const mine = entries.filter((h: HitLogEntry) => h.searchId === 'sid-1');
      expect(mine.map((h: HitLogEntry) => h.value).sort()).toEqual(['45.2.0.1', '45.2.0.2', '45.3.7.7', 'www.c2.example.com']);
      expect(mine.every((h: HitLogEntry) => h.searcherOrg === 'Searcher' && h.at > 0 && h.eventUuid && h.attributeUuid)).toBe(true);
      const logged = JSON.stringify(log.json);
      for (const nonHit of ['8.8.4.4', 'never-seen.example', '45.2.0.9']) expect(logged).not.toContain(nonHit);
    });

    it('lets the searcher identity decide visibility, and never answers with RED, not even to its owner', async () => {
      const values = [{ type: 'ip-dst', value: '45.2.0.10' }];
      const asOwner = FederationSearchResponse.parse((await search({ searchId: 'sid-2', searcher: { name: 'Owner' }, values })).json);
      expect(asOwner.results[0]?.hits[0]?.attribute.value).toBe('45.2.0.10');
      const red = FederationSearchResponse.parse((await search({ searchId: 'sid-2r', searcher: { name: 'Owner' }, values: [{ type: 'ip-dst', value: '45.2.0.9' }] })).json);
      expect(red.results).toEqual([]);
      const asOther = FederationSearchResponse.parse((await search({ searchId: 'sid-3', searcher: { name: 'Searcher' }, values })).json);
      expect(asOther.results).toEqual([]);
      const hits = (await call(`${t.url}/federation/v1/hits`, hub, 'GET')).json.hits as HitLogEntry[];
      expect(hits.filter((h) => h.searchId === 'sid-2')).toHaveLength(1);
      expect(hits.filter((h) => h.searchId === 'sid-3')).toHaveLength(0);
      expect(hits.filter((h) => h.searchId === 'sid-2r')).toHaveLength(0);
    });

    it('honours the requested match kinds', async () => {
      const r = await search({ searchId: 'sid-4', searcher: { name: 'Searcher' }, values: [{ type: 'hostname', value: 'www.c2.example.com' }], kinds: ['exact'] });
      expect(r.json.results).toEqual([]);
    });

    it('pages the hit log with since and limit', async () => {
      const all = (await call(`${t.url}/federation/v1/hits?limit=2`, reader, 'GET')).json.hits;
      expect(all).toHaveLength(2);
      // Epoch milliseconds, the unit the hub keeps its own hits in: a hit from this run is within the last hour.
      for (const h of all) expect(Math.abs(h.at - Date.now())).toBeLessThan(3_600_000);
      const last = all[1].at as number;
      const since = (await call(`${t.url}/federation/v1/hits?since=${last}`, reader, 'GET')).json.hits as { at: number }[];
      expect(since.length).toBeGreaterThan(0);
      expect(since.every((h) => h.at >= last)).toBe(true);
      const future = (await call(`${t.url}/federation/v1/hits?since=${Date.now() + 3_600_000}`, reader, 'GET')).json.hits;
      expect(future).toEqual([]);
      for (const q of ['since=abc', 'limit=0', 'limit=999999']) {
        const r = await call(`${t.url}/federation/v1/hits?${q}`, reader, 'GET');
        expect(r.status, q).toBe(400);
        expect(r.json.error.code).toMatch(/validation_failed/);
      }
      // Unknown keys get the one code every request parser uses.
      const bogus = await call(`${t.url}/federation/v1/hits?bogus=1`, reader, 'GET');
      expect(bogus.status).toBe(400);
      expect(bogus.json.error.code).toBe('unknown_parameter');
    });

    it('admits only search/admin keys to search and admin/reader/search keys to the log', async () => {
      const body = { searchId: 'x', searcher: { name: 'Searcher' }, values: [] };
      expect((await search(body, reader)).status).toBe(403);
      expect((await search(body, publisher)).status).toBe(403);
      expect((await search(body, null as unknown as string)).status).toBe(403);
      expect((await call(`${t.url}/federation/v1/hits`, publisher, 'GET')).status).toBe(403);
      const bad = await search({ searchId: 'x', searcher: { name: 'S' }, values: [{ type: 'ip-dst' }] });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/values\.0\.value/);
      const extra = await search({ ...body, surprise: true });
      expect(extra.status).toBe(400);
      expect(extra.json.error.code).toBe('unknown_parameter');
      const tooMany = await search({ ...body, values: Array.from({ length: 10_001 }, () => ({ type: 'ip-dst', value: '1.1.1.1' })) });
      expect(tooMany.status).toBe(400);
    });

    it('answers 10,000 values in one request', async () => {
      const values = Array.from({ length: 10_000 }, (_, i) => ({ type: 'ip-dst', value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));
      values[123] = { type: 'ip-dst', value: '45.2.0.1' };
      const r = await search({ searchId: 'big', searcher: { name: 'Searcher' }, values });
      expect(r.status).toBe(200);
      expect(r.json.results.map((x: any) => x.index)).toEqual([123]);
    });
  });
}
