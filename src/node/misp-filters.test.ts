/**
 * MISP filter semantics beyond values, on SQLite and PostgreSQL: `%` patterns on type, category and tags,
 * NOT category, the creator `org` filter (restSearch), and the events/index orders by attribute count and
 * creator name. Every restSearch filter is asked twice, through the batch lookup (with a value list) and
 * through the store query (no value), and both answers must be the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event } from './test-support.ts';

const VALUES = [
  '198.51.100.1', '198.51.100.2', '0123456789abcdef0123456789abcdef', 'alpha.example',
  '198.51.100.3', 'beta.exe|4a3b4a4cdb508193d84ce3e7780d041d81a40257f130f76bd7ba4a677997bd2d', 'http://beta.example/x', 'gamma.example',
];

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`MISP filters: patterns on type, category and tags, org, index order (${db})`, () => {
    let t: TestNode;
    let reader: string;
    let partner: string;
    const post = (p: string, body: unknown, key = reader) => call(`${t.url}${p}`, key, 'POST', body);
    /** Values found for a restSearch body, asked through the lookup and through the store query (which must agree). */
    const values = async (body: Record<string, unknown>): Promise<string[]> => {
      const viaStore = await post('/attributes/restSearch', body);
      const viaLookup = await post('/attributes/restSearch', { ...body, value: VALUES });
      expect(viaStore.status, JSON.stringify(viaStore.json)).toBe(200);
      const a = (viaStore.json.response.Attribute as any[]).map((x) => x.value).sort();
      expect(viaLookup.status, JSON.stringify(viaLookup.json)).toBe(200);
      const b = (viaLookup.json.response.Attribute as any[]).map((x) => x.value).sort();
      expect(b, 'lookup path').toEqual(a);
      return a;
    };

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'FilterOwner' });
      await t.store.ensureOrg({ name: 'Filter Partner' });
      reader = await t.createKey('FilterOwner', 'reader');
      partner = await t.createKey('Filter Partner', 'reader');
      await t.store.saveEvents(
        [
          event('alpha', [
            attr('ip-dst', '198.51.100.1'),
            attr('ip-src', '198.51.100.2', { distribution: 0 }),
            attr('md5', '0123456789abcdef0123456789abcdef', { category: 'Payload delivery', distribution: 0 }),
            attr('domain', 'alpha.example', { tags: [{ name: 'kill-chain:Delivery' }], distribution: 0 }),
          ], { orgc: { name: 'Creator A' }, tags: [{ name: 'tlp:green' }, { name: 'misp-galaxy:threat-actor="APT 28"' }] }),
          event('beta', [
            attr('ip-dst', '198.51.100.3'),
            attr('filename|sha256', VALUES[5]!, { category: 'Payload installation' }),
            attr('url', 'http://beta.example/x', { category: 'External analysis' }),
          ], { orgc: { name: 'Creator B' }, tags: [{ name: 'tlp:clear' }, { name: 'campaign:beta_2024' }] }),
          event('gamma', [attr('domain', 'gamma.example')], { orgc: { name: 'Creator B' }, tlp: 'green' }),
        ],
        t.ownerOrg.id,
      );
    });
    afterAll(async () => t?.close());

    it('type: a leading or trailing % is a LIKE (case-insensitive), a % inside is literal; NOT patterns', async () => {
      expect(await values({ type: 'ip-%' })).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
      expect(await values({ type: '%|SHA256' })).toEqual([VALUES[5]]);
      expect(await values({ type: 'ip%dst' })).toEqual([]);
      expect(await values({ type: ['md5', 'ip-s%'] })).toEqual(['0123456789abcdef0123456789abcdef', '198.51.100.2']);
      expect(await values({ type: { NOT: ['ip-%', 'domain'] } })).toEqual(['0123456789abcdef0123456789abcdef', VALUES[5], 'http://beta.example/x']);
    });

    it('category: patterns and NOT (exact and pattern)', async () => {
      expect(await values({ category: 'payload%' })).toEqual(['0123456789abcdef0123456789abcdef', VALUES[5]]);
      expect(await values({ category: '%DELIVERY' })).toEqual(['0123456789abcdef0123456789abcdef']);
      expect(await values({ category: { NOT: ['Network activity'] } })).toEqual(['0123456789abcdef0123456789abcdef', VALUES[5], 'http://beta.example/x']);
      expect(await values({ category: { NOT: ['Payload%', 'Network activity'] } })).toEqual(['http://beta.example/x']);
    });

    it('tags: % and _ anywhere are LIKE wildcards over event and attribute tags, case-insensitive; NOT patterns', async () => {
      expect(await values({ tags: 'campaign:beta%' })).toEqual(['198.51.100.3', VALUES[5], 'http://beta.example/x']);
      expect(await values({ tags: '%apt 28%' })).toEqual(['0123456789abcdef0123456789abcdef', '198.51.100.1', '198.51.100.2', 'alpha.example']);
      expect(await values({ tags: 'kill-chain:%' })).toEqual(['alpha.example']);
      expect(await values({ tags: 'campaign:beta_2024' })).toEqual(['198.51.100.3', VALUES[5], 'http://beta.example/x']);
      expect(await values({ tags: 'TLP:_REEN' })).toEqual(['0123456789abcdef0123456789abcdef', '198.51.100.1', '198.51.100.2', 'alpha.example', 'gamma.example']);
      expect(await values({ tags: ['tlp:%', '!tlp:g%'] })).toEqual(['198.51.100.3', VALUES[5], 'http://beta.example/x']);
      expect(await values({ tags: 'tlp:amber%' })).toEqual([]);
    });

    it('org: the creating organisation by name, id or uuid; NOT; an unknown name matches nothing', async () => {
      const b = (await t.store.listOrgs()).find((o) => o.name === 'Creator B')!;
      expect(await values({ org: 'creator b' })).toEqual(['198.51.100.3', VALUES[5], 'gamma.example', 'http://beta.example/x']);
      expect(await values({ org: String(b.id) })).toEqual(['198.51.100.3', VALUES[5], 'gamma.example', 'http://beta.example/x']);
      expect(await values({ org: b.uuid })).toEqual(['198.51.100.3', VALUES[5], 'gamma.example', 'http://beta.example/x']);
      expect(await values({ org: '!Creator B' })).toEqual(['0123456789abcdef0123456789abcdef', '198.51.100.1', '198.51.100.2', 'alpha.example']);
      expect(await values({ org: 'No Such Org' })).toEqual([]);
      const events = await post('/events/restSearch', { org: 'Creator A', metadata: 1 });
      expect(events.json.response.map((e: any) => e.Event.info)).toEqual(['alpha']);
    });

    it('events/index sorts by attribute_count as the caller counts them, and by creator name', async () => {
      const infos = async (body: Record<string, unknown>, key = reader) => {
        const r = await post('/events/index', body, key);
        expect(r.status, JSON.stringify(r.json)).toBe(200);
        return (r.json as any[]).map((e) => `${e.info}:${e.attribute_count}`);
      };
      expect(await infos({ sort: 'attribute_count', direction: 'asc' })).toEqual(['gamma:1', 'beta:3', 'alpha:4']);
      expect(await infos({ sort: 'attribute_count', direction: 'desc' })).toEqual(['alpha:4', 'beta:3', 'gamma:1']);
      // Another organisation sees one of alpha's four attributes (the others are "your organisation only"):
      // the order follows its counts, so it never hints at what it cannot see.
      expect(await infos({ sort: 'attribute_count', direction: 'asc' }, partner)).toEqual(['alpha:1', 'gamma:1', 'beta:3']);
      expect(await infos({ sort: 'Event.attribute_count', direction: 'desc' }, partner)).toEqual(['beta:3', 'gamma:1', 'alpha:1']);
      expect(await infos({ sort: 'org', direction: 'desc' })).toEqual(['gamma:1', 'beta:3', 'alpha:4']);
      expect(await infos({ sort: 'Orgc.name' })).toEqual(['alpha:4', 'beta:3', 'gamma:1']);
      const bad = await post('/events/index', { sort: 'constructor' });
      expect(bad.status).toBe(400);
      expect(bad.json.name).toMatch(/sorts by .*attribute_count, org/);
    });
  });
}
