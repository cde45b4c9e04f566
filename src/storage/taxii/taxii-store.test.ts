/** Contract suite of the TAXII store, run against SQLite and PostgreSQL (unique schema, dropped after). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../testkit/store-factory.ts';
import { createTaxiiStore } from './create-taxii-store.ts';
import type { NewObjectVersion, TaxiiCollection, TaxiiStore, VersionMatch } from './port.ts';

const LAST: VersionMatch = { all: false, first: false, last: true, exact: [] };
const ALL: VersionMatch = { all: true, first: false, last: false, exact: [] };
const owner = { orgId: 1, sharingGroupIds: [] };

function version(id: string, modified: string, over: Partial<NewObjectVersion> = {}): NewObjectVersion {
  return {
    stixId: id, type: id.split('--')[0]!, version: modified, versionKey: `${modified.slice(0, 19)}.000000000`, specVersion: '2.1',
    mediaType: 'application/stix+json;version=2.1', body: JSON.stringify({ id, modified }), ownerOrgId: 1, distribution: 1, sharingGroupId: null, tlp: null, ...over,
  };
}
const id = (n: number) => `indicator--00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function contract(kind: 'sqlite' | 'postgres') {
  describe(`TAXII store (${kind})`, () => {
    let opened: TestStore;
    let taxii: TaxiiStore;
    const coll: TaxiiCollection = {
      id: 'c1', apiRoot: 'r', title: 'C1', description: null, alias: null, mediaTypes: [], defaultRead: true, defaultWrite: false,
      sharing: { distribution: 1, sharingGroupId: null, tlp: null }, source: null,
    };
    beforeAll(async () => {
      opened = await createTestStore(kind);
      taxii = createTaxiiStore(opened);
      await taxii.migrate();
      await taxii.migrate();
      await taxii.upsertApiRoot({ name: 'r', title: 'R', description: null, maxContentLength: 100 });
      await taxii.upsertCollection(coll);
      await taxii.upsertCollection({ ...coll, id: 'c2', title: 'C2' });
    });
    afterAll(async () => opened?.cleanup());

    it('stores API roots and collections, with per-organisation rights over defaults', async () => {
      expect(await taxii.listApiRoots()).toEqual([{ name: 'r', title: 'R', description: null, maxContentLength: 100 }]);
      expect((await taxii.listCollections('r')).map((c) => c.id)).toEqual(['c1', 'c2']);
      expect(await taxii.getCollection('r', 'c1')).toEqual(coll);
      expect(await taxii.getCollection('other', 'c1')).toBeNull();
      expect(await taxii.rightsFor(coll, 7)).toEqual({ canRead: true, canWrite: false });
      await taxii.setRights('c1', 7, { canRead: false, canWrite: true });
      expect(await taxii.rightsFor(coll, 7)).toEqual({ canRead: false, canWrite: true });
      await taxii.setRights('c1', 7, null);
      expect(await taxii.rightsFor(coll, 7)).toEqual({ canRead: true, canWrite: false });
    });

    it('raises explicit date_added values so they stay unique and strictly increasing', async () => {
      const r = await taxii.addVersions('c2', [
        version(id(1), '2020-01-01T00:00:00Z', { dateAdded: 5_000_000 }),
        version(id(2), '2020-01-01T00:00:00Z', { dateAdded: 5_000_000 }),
        version(id(3), '2020-01-01T00:00:00Z', { dateAdded: 1_000 }),
      ]);
      expect(r).toEqual({ added: 3, duplicates: 0 });
      const page = await taxii.queryVersions({ collectionId: 'c2', viewer: owner, version: ALL, limit: 10, withBody: false });
      expect(page.rows.map((v) => v.dateAdded)).toEqual([5_000_000, 5_000_001, 5_000_002]);
      const later = await taxii.addVersions('c2', [version(id(4), '2020-01-01T00:00:00Z')]);
      expect(later.added).toBe(1);
      const all = await taxii.queryVersions({ collectionId: 'c2', viewer: owner, version: ALL, limit: 10, withBody: false });
      expect(all.rows.at(-1)!.dateAdded).toBeGreaterThan(Date.now() * 1000 - 60e6);
    });

    it('keeps every version, skips duplicates and recomputes first/last', async () => {
      const obj = id(10);
      expect(await taxii.addVersions('c1', [version(obj, '2021-01-01T00:00:00Z'), version(obj, '2023-01-01T00:00:00Z'), version(obj, '2021-01-01T00:00:00Z')])).toEqual({ added: 2, duplicates: 1 });
      expect(await taxii.addVersions('c1', [version(obj, '2022-01-01T00:00:00Z'), version(obj, '2023-01-01T00:00:00Z')])).toEqual({ added: 1, duplicates: 1 });
      const last = await taxii.queryVersions({ collectionId: 'c1', viewer: owner, ids: [obj], version: LAST, limit: 10, withBody: true });
      expect(last.rows.map((v) => v.version)).toEqual(['2023-01-01T00:00:00Z']);
      expect(JSON.parse(last.rows[0]!.body!)).toEqual({ id: obj, modified: '2023-01-01T00:00:00Z' });
      expect(await taxii.deleteVersions({ collectionId: 'c1', stixId: obj, viewer: owner, version: LAST })).toBe(1);
      const after = await taxii.queryVersions({ collectionId: 'c1', viewer: owner, ids: [obj], version: LAST, limit: 10, withBody: false });
      expect(after.rows.map((v) => v.version)).toEqual(['2022-01-01T00:00:00Z']);
      const first = await taxii.queryVersions({ collectionId: 'c1', viewer: owner, ids: [obj], version: { all: false, first: true, last: false, exact: [] }, limit: 10, withBody: false });
      expect(first.rows.map((v) => v.version)).toEqual(['2021-01-01T00:00:00Z']);
    });

    it('applies the sharing rule in the query (owner, community, TLP:RED, sharing group)', async () => {
      await taxii.addVersions('c1', [
        version(id(20), '2020-01-01T00:00:00Z', { tlp: 'red' }),
        version(id(21), '2020-01-01T00:00:00Z', { tlp: 'green' }),
        version(id(22), '2020-01-01T00:00:00Z', { tlp: 'amber', distribution: 4, sharingGroupId: 9 }),
        version(id(23), '2020-01-01T00:00:00Z', { distribution: 0 }),
      ]);
      const seen = async (viewer: { orgId: number | null; sharingGroupIds: number[] }) =>
        (await taxii.queryVersions({ collectionId: 'c1', viewer, ids: [id(20), id(21), id(22), id(23)], version: LAST, limit: 10, withBody: false })).rows.map((v) => v.stixId);
      expect(await seen(owner)).toEqual([id(20), id(21), id(22), id(23)]);
      expect(await seen({ orgId: 2, sharingGroupIds: [] })).toEqual([id(21)]);
      expect(await seen({ orgId: 2, sharingGroupIds: [9] })).toEqual([id(21), id(22)]);
      expect(await seen({ orgId: null, sharingGroupIds: [] })).toEqual([]);
      expect(await taxii.objectVisible('c1', id(20), { orgId: 2, sharingGroupIds: [] })).toBe(false);
      expect(await taxii.objectVisible('c1', id(20), owner)).toBe(true);
    });

    it('filters visibility before the limit, so pages are full and the position is the last row served', async () => {
      const p = await taxii.queryVersions({ collectionId: 'c1', viewer: { orgId: 2, sharingGroupIds: [] }, ids: [id(20), id(21), id(22), id(23)], version: LAST, limit: 1, withBody: false });
      expect(p.rows.map((v) => v.stixId)).toEqual([id(21)]);
      expect(p.more).toBe(false);
      expect(p.position).toBe(p.rows[0]!.dateAdded);
    });

    it('parallel writers to one collection still get unique, strictly increasing date_added', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, w) => taxii.addVersions('c2', Array.from({ length: 25 }, (_, i) => version(id(1000 + w * 100 + i), '2020-01-01T00:00:00Z')))));
      const page = await taxii.queryVersions({ collectionId: 'c2', viewer: owner, version: ALL, limit: 1000, withBody: false });
      const d = page.rows.map((v) => v.dateAdded);
      expect(d.length).toBe(204);
      expect(new Set(d).size).toBe(d.length);
      for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThan(d[i - 1]!);
    });

    it('stores statuses, scoped to their API root, and purges old ones', async () => {
      await taxii.saveStatus({ id: 's1', apiRoot: 'r', ownerOrgId: 3, body: { id: 's1', status: 'complete' } });
      expect(await taxii.getStatus('r', 's1')).toEqual({ id: 's1', apiRoot: 'r', ownerOrgId: 3, body: { id: 's1', status: 'complete' } });
      expect(await taxii.getStatus('other', 's1')).toBeNull();
      expect(await taxii.purgeStatuses(Date.now() - 60_000)).toBe(0);
      expect(await taxii.purgeStatuses(Date.now() + 1)).toBe(1);
      expect(await taxii.getStatus('r', 's1')).toBeNull();
    });

    it('keeps a sync mark per collection', async () => {
      expect(await taxii.getSyncMark('c1')).toBe(0);
      await taxii.setSyncMark('c1', 1_700_000_000);
      expect(await taxii.getSyncMark('c1')).toBe(1_700_000_000);
    });

    it('remembers which event timestamps a collection published', async () => {
      expect(await taxii.syncedEvents('c1', ['e1', 'e2'])).toEqual(new Map());
      await taxii.recordSyncedEvents('c1', [{ uuid: 'e1', timestamp: 10 }, { uuid: 'e2', timestamp: 20 }]);
      await taxii.recordSyncedEvents('c1', [{ uuid: 'e1', timestamp: 11 }]);
      await taxii.recordSyncedEvents('c1', []);
      expect(await taxii.syncedEvents('c1', ['e1', 'e2', 'e3'])).toEqual(new Map([['e1', 11], ['e2', 20]]));
      expect(await taxii.syncedEvents('c2', ['e1'])).toEqual(new Map());
      expect((await taxii.listSyncedEvents('c1')).sort()).toEqual(['e1', 'e2']);
      await taxii.forgetSyncedEvents('c1', ['e1', 'e9']);
      await taxii.forgetSyncedEvents('c1', []);
      expect(await taxii.listSyncedEvents('c1')).toEqual(['e2']);
      expect(await taxii.listSyncedEvents('c2')).toEqual([]);
    });
  });
}

contract('sqlite');
contract('postgres');
