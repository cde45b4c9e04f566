/**
 * Write conformance cases ported from medallion (add, delete by version and spec version, SCO
 * versioning, idempotent re-posts, 422) plus the POST check order. Each case gets a freshly seeded server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTaxiiHarness, type TaxiiHarness } from '../test-harness.ts';
import { ADD_MANIFESTS, ADD_OBJECTS, API_ROOT, GET_OBJECTS, NON_EXISTENT_COLLECTION, FORBIDDEN_COLLECTION, RELATIONSHIP, TEST_OBJECT, del, get, ids, post } from './endpoints.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export function writeCases(kind: 'sqlite' | 'postgres'): void {
  describe(`TAXII conformance, writes (${kind})`, () => {
    let h: TaxiiHarness;
    beforeEach(async () => {
      h = await startTaxiiHarness(kind, { seed: true });
    });
    afterEach(async () => h?.close());

    it('adds, finds (objects, match[id], status, manifest) and deletes an object', async () => {
      const id = TEST_OBJECT.id;
      const p = await post(h, ADD_OBJECTS, { objects: [TEST_OBJECT] });
      expect(p.status).toBe(202);
      expect(p.json).toMatchObject({ status: 'complete', total_count: 1, success_count: 1, failure_count: 0, pending_count: 0 });
      expect(p.json.successes).toEqual([{ id, version: TEST_OBJECT.modified, message: expect.any(String) }]);
      expect(p.json).not.toHaveProperty('failures');
      expect(p.json).not.toHaveProperty('pendings');
      expect(ids(await get(h, ADD_OBJECTS))).toContain(id);
      expect(ids(await get(h, `${ADD_OBJECTS}?match[id]=${id}`))).toEqual([id]);
      const st = await get(h, `${API_ROOT}status/${p.json.id as string}/`);
      expect(st.json).toEqual(p.json);
      const m = await get(h, `${ADD_MANIFESTS}?match[id]=${id}`);
      expect(ids(m)).toEqual([id]);
      const d = await del(h, `${ADD_OBJECTS}${id}/`);
      expect(d.status).toBe(200);
      expect((await get(h, `${ADD_OBJECTS}${id}/`)).status).toBe(404);
      expect((await get(h, `${ADD_MANIFESTS}${id}/`)).status).toBe(404);
      expect((await del(h, `${ADD_OBJECTS}${id}/`)).status).toBe(404);
    });

    it('deletes versions: exact, first, last, all', async () => {
      const coa = { ...clone(TEST_OBJECT), created: '2014-01-27T13:49:53.935Z' };
      const objects = ['2017-01-27T13:49:53.935Z', '2015-01-27T13:49:53.935Z', '2016-01-27T13:49:53.935Z', '2018-01-27T13:49:53.935Z', '2019-01-27T13:49:53.935Z'].map((modified) => ({ ...coa, modified }));
      const p = await post(h, ADD_OBJECTS, { objects });
      expect(p.json.success_count).toBe(5);
      const versions = async () => (await get(h, `${ADD_OBJECTS}${coa.id}/versions/`)).json.versions;
      expect(await versions()).toHaveLength(5);
      expect((await del(h, `${ADD_OBJECTS}${coa.id}/?match[version]=2018-01-27T13:49:53.935Z`)).status).toBe(200);
      expect(await versions()).toEqual(['2017-01-27T13:49:53.935Z', '2015-01-27T13:49:53.935Z', '2016-01-27T13:49:53.935Z', '2019-01-27T13:49:53.935Z']);
      await del(h, `${ADD_OBJECTS}${coa.id}/?match[version]=first`);
      expect(await versions()).not.toContain('2015-01-27T13:49:53.935Z');
      await del(h, `${ADD_OBJECTS}${coa.id}/?match[version]=last`);
      expect(await versions()).toEqual(['2017-01-27T13:49:53.935Z', '2016-01-27T13:49:53.935Z']);
      // After deleting the newest, "last" is recomputed.
      expect((await get(h, `${ADD_OBJECTS}${coa.id}/`)).json.objects!.map((o) => o.modified)).toEqual(['2017-01-27T13:49:53.935Z']);
      await del(h, `${ADD_OBJECTS}${coa.id}/?match[version]=all`);
      expect((await get(h, `${ADD_OBJECTS}${coa.id}/versions/`)).status).toBe(404);
    });

    it('deletes by spec version', async () => {
      const v20 = { ...clone(TEST_OBJECT), modified: '2019-01-27T13:49:53.935Z' } as Record<string, unknown>;
      delete v20.spec_version;
      expect((await post(h, ADD_OBJECTS, { objects: [TEST_OBJECT, v20] })).json.success_count).toBe(2);
      await del(h, `${ADD_OBJECTS}${TEST_OBJECT.id}/?match[spec_version]=2.0`);
      expect((await get(h, `${ADD_OBJECTS}${TEST_OBJECT.id}/versions/?match[spec_version]=2.0,2.1`)).json.versions).toEqual([TEST_OBJECT.modified]);
      await del(h, `${ADD_OBJECTS}${TEST_OBJECT.id}/?match[spec_version]=2.1`);
      expect((await get(h, `${ADD_OBJECTS}${TEST_OBJECT.id}/versions/`)).status).toBe(404);
    });

    it('versions an SCO without timestamps once, however often it is posted', async () => {
      const sco = { type: 'artifact', spec_version: '2.1', id: 'artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641', mime_type: 'application/zip', encryption_algorithm: 'mime-type-indicated', decryption_key: 'My voice is my passport' };
      const before = new Date().toISOString();
      const p = await post(h, ADD_OBJECTS, { objects: [sco] });
      expect(p.json.success_count).toBe(1);
      await post(h, ADD_OBJECTS, { objects: [sco] });
      for (const q of ['?match[version]=all', '?match[version]=first', '?match[version]=last', '?added_after=2017-01-27T13:49:53.935Z']) {
        expect((await get(h, `${ADD_OBJECTS}${sco.id}/${q}`)).json.objects, q).toHaveLength(1);
      }
      expect((await get(h, `${ADD_OBJECTS}${sco.id}/?added_after=${new Date(Date.now() + 1000).toISOString()}`)).json).toEqual({});
      const v = (await get(h, `${ADD_OBJECTS}${sco.id}/versions/`)).json.versions!;
      expect(v).toHaveLength(1);
      expect(v[0]! >= before.replace('Z', '')).toBe(true);
    });

    it('treats an identical re-post as success, without a new version', async () => {
      const rel = { created: '2014-05-08T09:00:00.000Z', modified: '2014-05-08T09:00:00.000Z', id: RELATIONSHIP, relationship_type: 'indicates', source_ref: 'indicator--cd981c25-8042-4166-8945-51178443bdac', spec_version: '2.1', target_ref: 'malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec', type: 'relationship' };
      await post(h, `${GET_OBJECTS}`, { objects: [rel] });
      const again = await post(h, GET_OBJECTS, { objects: [rel, rel] });
      expect(again.status).toBe(202);
      expect(again.json).not.toHaveProperty('failures');
      expect(again.json.success_count).toBe(2);
      expect((await get(h, `${GET_OBJECTS}${RELATIONSHIP}/versions/`)).json.versions).toEqual(['2014-05-08T09:00:00.000Z']);
      const manifest = await get(h, `${GET_OBJECTS.replace('objects/', 'manifest/')}?match[id]=${RELATIONSHIP}`);
      expect(manifest.json.objects!.map((o) => o.date_added)).toEqual(['2014-05-08T09:00:00.000000Z']);
    });

    it('422 for a body that is not an envelope', async () => {
      const r = await post(h, ADD_OBJECTS, TEST_OBJECT);
      expect(r.status).toBe(422);
      expect(r.json).toMatchObject({ title: 'Unprocessable Entity', http_status: '422' });
      expect(String(r.json.description)).toContain('While processing supplied content, an error occurred');
      for (const body of [[TEST_OBJECT], { objects: 'x' }, 'null', '42', '"objects"']) expect((await post(h, ADD_OBJECTS, body)).status).toBe(422);
    });

    it('match[type] with match[spec_version] after posting a 2.0 indicator', async () => {
      const id = 'indicator--68794cd5-28db-429d-ab1e-1256704ef906';
      const v20 = { type: 'indicator', id, created: '2017-01-27T13:49:53.935Z', modified: '2017-01-27T13:49:53.935Z', name: 'Test object', labels: ['malicious-activity'], pattern: "[ipv4-addr:value = '198.51.100.1']", valid_from: '2017-01-27T13:49:53.935Z' };
      expect((await post(h, GET_OBJECTS, { objects: [v20] })).json.success_count).toBe(1);
      const r21 = await get(h, `${GET_OBJECTS}?match[type]=indicator&match[spec_version]=2.1`);
      expect(r21.json.objects!.map((o) => [o.id, o.spec_version])).toEqual([
        ['indicator--cd981c25-8042-4166-8945-51178443bdac', '2.1'],
        ['indicator--6770298f-0fd8-471a-ab8c-1c658a46574e', '2.1'],
      ]);
      const r20 = await get(h, `${GET_OBJECTS}?match[type]=indicator&match[spec_version]=2.0`);
      expect(ids(r20)).toEqual([id]);
    });

    it('POST checks 415, then 413, then 404/403', async () => {
      const body = JSON.stringify({ objects: [TEST_OBJECT] });
      expect((await post(h, ADD_OBJECTS, body, { headers: { 'content-type': 'application/json' } })).status).toBe(415);
      expect((await post(h, ADD_OBJECTS, body, { headers: { 'content-type': 'application/taxii+json;version=2.0' } })).status).toBe(415);
      expect((await post(h, FORBIDDEN_COLLECTION + 'objects/', body, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
      const big = JSON.stringify({ objects: [{ ...TEST_OBJECT, description: 'x'.repeat(9765625) }] });
      const r413 = await post(h, FORBIDDEN_COLLECTION + 'objects/', big);
      expect(r413.status).toBe(413);
      expect(r413.json.http_status).toBe('413');
      expect((await post(h, `${NON_EXISTENT_COLLECTION}objects/`, body)).status).toBe(404);
      expect((await post(h, `${FORBIDDEN_COLLECTION}objects/`, body)).status).toBe(403);
      expect((await post(h, `${API_ROOT}collections/52892447-4d7e-4f70-b94d-d7f22742ff63/objects/`, body)).status).toBe(403);
      expect((await post(h, ADD_OBJECTS, body, { auth: null })).status).toBe(401);
      expect((await get(h, ADD_OBJECTS)).json).toEqual({});
    });

    it('DELETE: 404 without either right, 403 with one', async () => {
      expect((await del(h, `${FORBIDDEN_COLLECTION}objects/${TEST_OBJECT.id}/`)).status).toBe(404);
      expect((await del(h, `${API_ROOT}collections/52892447-4d7e-4f70-b94d-d7f22742ff63/objects/${TEST_OBJECT.id}/`)).status).toBe(403);
      expect((await del(h, `${API_ROOT}collections/472c94ae-3113-4e3e-a4dd-a9f4ac7471d4/objects/${TEST_OBJECT.id}/`)).status).toBe(403);
    });

    it('gives every posted version a unique, strictly increasing date_added, and pages through them without loss', async () => {
      const base = Date.UTC(2020, 0, 1);
      for (let batch = 0; batch < 5; batch++) {
        const objects = Array.from({ length: 20 }, (_, i) => ({ ...clone(TEST_OBJECT), modified: new Date(base + (batch * 20 + i) * 1000).toISOString() }));
        expect((await post(h, ADD_OBJECTS, { objects })).json.success_count).toBe(20);
      }
      const seen: string[] = [];
      let q = '?match[version]=all&limit=7';
      for (;;) {
        const r = await get(h, `${ADD_MANIFESTS}${q}`);
        seen.push(...r.json.objects!.map((o) => String(o.date_added)));
        if (!r.json.more) break;
        q = `?match[version]=all&limit=7&next=${r.json.next}`;
      }
      expect(seen).toHaveLength(100);
      expect(new Set(seen).size).toBe(100);
      expect([...seen].sort()).toEqual(seen);
      // Clients without `next` page with added_after = the last date_added seen.
      const tail = await get(h, `${ADD_MANIFESTS}?match[version]=all&added_after=${seen[49]}`);
      expect(tail.json.objects).toHaveLength(50);
    });

    it('a status resource is only visible to the organisation that posted', async () => {
      const p = await post(h, ADD_OBJECTS, { objects: [TEST_OBJECT] });
      const other = await h.addUser('Other Org', 'admin');
      expect((await get(h, `${API_ROOT}status/${p.json.id as string}`, { auth: other.auth })).status).toBe(404);
      expect((await get(h, `/api1/status/${p.json.id as string}/`)).status).toBe(404);
    });
  });
}
