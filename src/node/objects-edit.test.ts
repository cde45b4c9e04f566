/** objects/edit (PyMISP update_object): MISP's delta merge, and the edits refused with a reason (nothing changes). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import type { ObjectInput } from '../core/model/event.ts';
import { attr, call, event } from './test-support.ts';

const object = (name: string, value: string): ObjectInput => ({
  uuid: uuidv4(), name, metaCategory: 'network', description: '', templateUuid: null, templateVersion: null, comment: '', distribution: 5,
  sharingGroupUuid: null, timestamp: 1_700_000_000, deleted: false, firstSeen: null, lastSeen: null, references: [],
  attributes: [attr('ip-dst', value, { objectRelation: 'ip' })],
});

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`objects/edit (${db})`, () => {
    let t: TestNode;
    let key: string;
    const a = object('domain-ip', '198.51.100.1');
    const b = object('domain-ip', '198.51.100.2');
    const ev = event('objects', [attr('domain', 'event-level.example')], { tlp: 'green', objects: [a, b] });
    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Editors' });
      key = await t.createKey('Editors', 'publisher');
      await t.store.saveEvents([ev], t.ownerOrg.id);
    });
    afterAll(async () => t?.close());

    const values = async (uuid: string) => ((await call(`${t.url}/objects/view/${uuid}`, key, 'GET')).json as { Object: { Attribute: { value: string; deleted: boolean }[] } }).Object.Attribute.filter((x) => !x.deleted).map((x) => x.value);

    it('changes attributes by uuid, adds new ones and soft-deletes those left out', async () => {
      const r = await call(`${t.url}/objects/edit/${a.uuid}`, key, 'POST', { Object: { comment: 'moved', Attribute: [{ uuid: a.attributes[0]!.uuid, type: 'ip-dst', object_relation: 'ip', value: '198.51.100.9' }, { type: 'domain', object_relation: 'domain', value: 'new.example' }] } });
      expect(r.status).toBe(200);
      expect((r.json as { Object: { comment: string } }).Object.comment).toBe('moved');
      expect((await values(a.uuid)).sort()).toEqual(['198.51.100.9', 'new.example']);
      const drop = await call(`${t.url}/objects/edit/${a.uuid}`, key, 'POST', { Object: { Attribute: [{ uuid: a.attributes[0]!.uuid, type: 'ip-dst', object_relation: 'ip', value: '198.51.100.9' }] } });
      expect(drop.status).toBe(200);
      expect(await values(a.uuid)).toEqual(['198.51.100.9']);
    });

    it('refuses an edit without attributes, another object’s attribute and a different object uuid, changing nothing', async () => {
      const before = await values(b.uuid);
      const empty = await call(`${t.url}/objects/edit/${b.uuid}`, key, 'POST', { Object: { comment: 'x', Attribute: [] } });
      expect([empty.status, (empty.json as { errors: { field: string } }).errors.field]).toEqual([400, 'Object.Attribute']);
      const stolen = await call(`${t.url}/objects/edit/${b.uuid}`, key, 'POST', { Object: { Attribute: [{ uuid: a.attributes[0]!.uuid, type: 'ip-dst', object_relation: 'ip', value: '198.51.100.3' }] } });
      expect([stolen.status, (stolen.json as { errors: { field: string } }).errors.field]).toEqual([400, 'Object.Attribute.uuid']);
      const other = await call(`${t.url}/objects/edit/${b.uuid}`, key, 'POST', { Object: { uuid: a.uuid, Attribute: [{ type: 'ip-dst', object_relation: 'ip', value: '198.51.100.4' }] } });
      expect([other.status, (other.json as { errors: { field: string } }).errors.field]).toEqual([400, 'Object.uuid']);
      expect(await values(b.uuid)).toEqual(before);
      expect(await values(a.uuid)).toEqual(['198.51.100.9']);
      expect((await call(`${t.url}/objects/edit/${uuidv4()}`, key, 'POST', { Object: { Attribute: [{ type: 'ip-dst', value: '198.51.100.5' }] } })).status).toBe(404);
    });
  });
}
