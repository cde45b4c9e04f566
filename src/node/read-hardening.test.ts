/**
 * Issue 20 §2 and §5 on every node read path, SQLite and PostgreSQL: an attribute inside an owner-only
 * object, local tags and deleted rows never reach another organisation (MISP json/csv/stix2, events/view,
 * TAXII, federation); a TLP raise is revoked over TAXII at once; search keys look values up exactly;
 * restSearch work is bounded (413 / 400, never 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import type { EventInput } from '../core/model/event.ts';
import { collectionId } from './taxii/defaults.ts';
import { TAXII_MEDIA } from './taxii/media.ts';
import { attr, call, event } from './test-support.ts';

const VISIBLE = 'visible-sibling.example';
const IN_OBJECT = 'hidden-in-object.example';
const DELETED = 'deleted-row.example';
const LOCAL_EVENT_TAG = 'owner:internal-note';
const LOCAL_ATTR_TAG = 'owner:local-attr';
const SECRETS = [IN_OBJECT, DELETED, LOCAL_EVENT_TAG, LOCAL_ATTR_TAG];

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`one sharing rule on every read, bounded work (${db})`, () => {
    let t: TestNode;
    let owner: string;
    let other: string;
    let hub: string;
    let ev: EventInput;
    const values = [VISIBLE, IN_OBJECT, DELETED];

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Owner' });
      owner = await t.createKey('Owner', 'reader');
      other = await t.createKey('Other', 'reader');
      hub = await t.createKey('Hub', 'search');
      const inObject = { ...attr('domain', IN_OBJECT), objectRelation: 'domain' };
      ev = event('object sharing', [attr('domain', VISIBLE, { tags: [{ name: LOCAL_ATTR_TAG, local: true }, { name: 'kill-chain:delivery' }] }), attr('domain', DELETED, { deleted: true })], {
        tlp: 'green',
        objects: [{
          uuid: '5c0e3d1a-2b4f-4c6d-8e9f-0a1b2c3d4e5f', name: 'domain-ip', metaCategory: 'network', description: '', templateUuid: null, templateVersion: null,
          comment: '', distribution: 0, sharingGroupUuid: null, timestamp: 1_700_000_100, deleted: false, firstSeen: null, lastSeen: null, attributes: [inObject], references: [],
        }],
      });
      ev.tags.push({ name: LOCAL_EVENT_TAG, local: true });
      await t.store.saveEvents([ev], t.ownerOrg.id);
    });
    afterAll(async () => t?.close());

    const post = (p: string, body: unknown, key: string) => call(`${t.url}${p}`, key, 'POST', body);
    const expectClean = (where: string, text: string) => {
      expect(text, where).toContain(VISIBLE);
      for (const s of SECRETS) expect(text, `${where} leaks ${s}`).not.toContain(s);
    };

    it('hides object-restricted attributes, local tags and deleted rows from other orgs on every MISP path', async () => {
      for (const returnFormat of ['json', 'csv', 'stix2'] as const) {
        for (const filter of [{ value: values }, {}]) {
          const a = await post('/attributes/restSearch', { returnFormat, includeEventTags: 1, deleted: 1, ...filter }, other);
          expect(a.status).toBe(200);
          expectClean(`attributes/restSearch ${returnFormat} ${JSON.stringify(filter)}`, a.text);
          const e = await post('/events/restSearch', { returnFormat, deleted: 1, ...filter }, other);
          expect(e.status).toBe(200);
          expectClean(`events/restSearch ${returnFormat} ${JSON.stringify(filter)}`, e.text);
        }
      }
      expectClean('events/view', (await call(`${t.url}/events/view/${ev.uuid}`, other, 'GET')).text);
      // The owner still sees its own object, local tags and (on request) deleted rows.
      const mine = await post('/attributes/restSearch', { deleted: 1 }, owner);
      for (const s of [IN_OBJECT, DELETED, LOCAL_ATTR_TAG]) expect(mine.text).toContain(s);
    });

    it('keeps them out of federation answers (local tags even for the owner) and TAXII', async () => {
      for (const searcher of ['Other', 'Owner']) {
        const r = await post('/federation/v1/search', { searchId: `s-${searcher}`, searcher: { name: searcher }, values: values.map((value) => ({ type: 'domain', value })) }, hub);
        expect(r.status).toBe(200);
        expect(r.text).toContain(VISIBLE);
        for (const s of [LOCAL_EVENT_TAG, LOCAL_ATTR_TAG, DELETED]) expect(r.text, `federation as ${searcher}`).not.toContain(s);
        if (searcher === 'Other') expect(r.text).not.toContain(IN_OBJECT);
      }
      const all = `/taxii2/default/collections/${collectionId('default', 'all')}/objects/?match[version]=all`;
      for (const key of [other, owner]) {
        const r = await call(`${t.url}${all}`, key, 'GET', undefined, { accept: TAXII_MEDIA });
        expect(r.status).toBe(200);
        expectClean('TAXII all', r.text);
      }
    });

    it('revokes an event over TAXII at once when its TLP is raised, the timestamp unchanged', async () => {
      const raised = event('raised later', [attr('ip-dst', '198.51.100.77')], { tlp: 'green' });
      await t.store.saveEvents([raised], t.ownerOrg.id);
      const all = `${t.url}/taxii2/default/collections/${collectionId('default', 'all')}/objects/?match[version]=all`;
      const read = async () => (await call(all, other, 'GET', undefined, { accept: TAXII_MEDIA })).text;
      expect(await read()).toContain('198.51.100.77');
      await t.store.saveEvents([{ ...raised, tags: [{ name: 'tlp:red' }] }], t.ownerOrg.id);
      expect(await read()).not.toContain('198.51.100.77');
      const ownerView = (await call(all, owner, 'GET', undefined, { accept: TAXII_MEDIA })).text;
      expect(ownerView).toContain('198.51.100.77');
      // Narrowing the distribution to the owner only works the same way.
      const narrowed = event('narrowed later', [attr('ip-dst', '198.51.100.78')], { tlp: 'green' });
      await t.store.saveEvents([narrowed], t.ownerOrg.id);
      expect(await read()).toContain('198.51.100.78');
      await t.store.saveEvents([{ ...narrowed, distribution: 0 }], t.ownerOrg.id);
      expect(await read()).not.toContain('198.51.100.78');
    });

    it('gives a search key exact lookups only: no wildcard, no deleted data, no browsing', async () => {
      for (const body of [{ value: '%' }, { value: ['%visible%'] }, { value: VISIBLE, deleted: 1 }, {}]) {
        const r = await post('/attributes/restSearch', body, hub);
        expect(r.status, JSON.stringify(body)).toBe(403);
        expect(r.json.code).toBe('forbidden');
      }
      const ok = await post('/attributes/restSearch', { value: VISIBLE }, hub);
      expect(ok.status).toBe(200);
      expect(ok.json.response.Attribute.map((a: { value: string }) => a.value)).toEqual([VISIBLE]);
    });

    it('bounds restSearch work: >10,000 values is 413, absurd paging is 400, never 500', async () => {
      const many = Array.from({ length: 10_001 }, (_, i) => `v${i}.example`);
      for (const p of ['/attributes/restSearch', '/events/restSearch']) {
        const r = await post(p, { value: many }, other);
        expect(r.status, p).toBe(413);
        expect(r.json).toMatchObject({ code: 'too_many_values', errors: { max: 10_000, got: 10_001 } });
        for (const body of [{ limit: 1_000_000 }, { limit: 10, page: 2 ** 53 }, { limit: 100_000, page: 1_000_000 }, { page: 2 ** 53 }, { limit: -1 }]) {
          const b = await post(p, body, other);
          expect(b.status, `${p} ${JSON.stringify(body)}`).toBe(400);
          expect(b.json.code).toBe('validation_failed');
        }
      }
      const edge = await post('/attributes/restSearch', { value: many.slice(0, 10_000) }, other);
      expect(edge.status).toBe(200);
    });
  });
}
