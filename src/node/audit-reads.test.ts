/**
 * Issue 20 §8 (node): reads of another organisation's data are audited with counts per owner, never the
 * values, on the MISP API and TAXII (SQLite and PostgreSQL). Key creation/revocation: access.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { collectionId } from './taxii/defaults.ts';
import { TAXII_MEDIA } from './taxii/media.ts';
import { attr, call, event } from './test-support.ts';

const VALUES = ['audited-one.example', 'audited-two.example', 'audited-three.example'];

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`audit of cross-organisation reads (${db})`, () => {
    let t: TestNode;
    let other: string;
    let uuid: string;

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Owner' });
      other = await t.createKey('Other', 'reader');
      const ev = event('audited', VALUES.map((v) => attr('domain', v)), { tlp: 'green' });
      uuid = ev.uuid;
      await t.store.saveEvents([ev], t.ownerOrg.id);
    });
    afterAll(async () => t?.close());

    it('records who read how much of whose data, for every read path, without values', async () => {
      const owner = String(t.ownerOrg.id);
      expect((await call(`${t.url}/attributes/restSearch`, other, 'POST', { value: VALUES })).status).toBe(200);
      expect((await call(`${t.url}/events/restSearch`, other, 'POST', { returnFormat: 'csv' })).status).toBe(200);
      expect((await call(`${t.url}/events/view/${uuid}`, other, 'GET')).status).toBe(200);
      expect((await call(`${t.url}/events/index`, other, 'GET')).status).toBe(200);
      const taxii = await call(`${t.url}/taxii2/default/collections/${collectionId('default', 'all')}/objects/`, other, 'GET', undefined, { accept: TAXII_MEDIA });
      expect(taxii.status).toBe(200);
      await t.node.flushAudit();
      const mine = (await t.node.meta.listAudit({ limit: 10_000 })).filter((e) => e.orgName === 'Other');
      const by = (action: string) => mine.find((e) => e.action === action)?.detail;
      expect(by('attributes.restSearch')).toMatchObject({ values: 3, results: 3, fromOtherOrgs: 3, owners: { [owner]: 3 } });
      expect(by('events.restSearch')).toMatchObject({ results: 1, fromOtherOrgs: 1, owners: { [owner]: 1 } });
      expect(by('events.view')).toMatchObject({ uuid, attributes: 3, fromOtherOrgs: 1 });
      expect(by('events.index')).toMatchObject({ results: 1, fromOtherOrgs: 1 });
      const taxiiRead = by('taxii.objects.get')!;
      expect(taxiiRead.returned).toBe(taxii.json.objects.length);
      expect(Number(taxiiRead.fromOtherOrgs)).toBeGreaterThan(0);
      const text = JSON.stringify(mine);
      for (const v of VALUES) expect(text).not.toContain(v);
    });
  });
}
