/**
 * Read-only conformance cases ported from medallion's `test_backends.py` (same fixture, same expected
 * orderings and X-TAXII header values). One seeded server serves the whole group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiHarness, type TaxiiHarness } from '../test-harness.ts';
import { API_ROOT, COLLECTIONS, GET_MANIFESTS, GET_OBJECTS, INDICATOR, MALWARE, RELATIONSHIP, get, ids } from './endpoints.ts';

export function readCases(kind: 'sqlite' | 'postgres'): void {
  describe(`TAXII conformance, reads (${kind})`, () => {
    let h: TaxiiHarness;
    beforeAll(async () => {
      h = await startTaxiiHarness(kind, { seed: true, plugin: { title: 'Some TAXII Server' } });
    });
    afterAll(async () => h?.close());

    it('discovery lists the API roots with absolute URLs', async () => {
      const r = await get(h, '/');
      expect(r.status).toBe(200);
      expect(r.json.title).toBe('Some TAXII Server');
      expect(r.json.api_roots).toEqual([`${h.base}/api1/`, `${h.base}/api2/`, `${h.base}/trustgroup1/`]);
      expect(r.json.default).toBe(`${h.base}/api1/`);
    });

    it('API root information', async () => {
      const r = await get(h, API_ROOT);
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        title: 'Malware Research Group',
        description: 'A trust group setup for malware researchers',
        versions: ['application/taxii+json;version=2.1'],
        max_content_length: 9765625,
      });
    });

    it('status, with and without the trailing slash', async () => {
      for (const p of [`${API_ROOT}status/2d086da7-4bdc-4f91-900e-d77486753710`, `${API_ROOT}status/2d086da7-4bdc-4f91-900e-d77486753710/`]) {
        const r = await get(h, p);
        expect(r.status).toBe(200);
        expect(r.json).toHaveProperty('successes');
        expect(r.json).toHaveProperty('failures');
        expect(r.json).toHaveProperty('pendings');
      }
    });

    it('collections list all five with per-caller rights', async () => {
      const r = await get(h, COLLECTIONS);
      expect(r.status).toBe(200);
      const cols = r.json.collections as { id: string; can_read: boolean; can_write: boolean }[];
      expect(cols.map((c) => c.id).sort()).toEqual([
        '365fed99-08fa-fdcd-a1b3-fb247eb41d01', '472c94ae-3113-4e3e-a4dd-a9f4ac7471d4', '52892447-4d7e-4f70-b94d-d7f22742ff63',
        '64993447-4d7e-4f70-b94d-d7f33742ee63', '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
      ]);
      expect(cols.find((c) => c.id.startsWith('64993447'))).toMatchObject({ can_read: false, can_write: false });
      expect(cols.find((c) => c.id.startsWith('52892447'))).toMatchObject({ can_read: true, can_write: false });
    });

    it('one collection', async () => {
      const r = await get(h, `${COLLECTIONS}91a7b528-80eb-42ed-a74d-c6fbd5a26116/`);
      expect(r.json).toEqual({
        id: '91a7b528-80eb-42ed-a74d-c6fbd5a26116', title: 'High Value Indicator Collection',
        description: 'This data collection is for collecting high value IOCs', can_read: true, can_write: true,
        media_types: ['application/stix+json;version=2.0', 'application/stix+json;version=2.1'],
      });
    });

    it('objects: latest 2.1 version of each, in date_added order, with X-TAXII headers', async () => {
      const r = await get(h, GET_OBJECTS);
      expect(r.status).toBe(200);
      expect(r.json.more).toBe(false);
      expect(ids(r)).toEqual([RELATIONSHIP, 'indicator--cd981c25-8042-4166-8945-51178443bdac', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', MALWARE, INDICATOR]);
      expect(r.first).toBe('2014-05-08T09:00:00.000000Z');
      expect(r.last).toBe('2017-12-31T13:49:53.935000Z');
    });

    it('one object', async () => {
      const r = await get(h, `${GET_OBJECTS}${MALWARE}/`);
      expect(ids(r)).toEqual([MALWARE]);
      expect(r.first).toBe('2017-01-27T13:49:59.997000Z');
      expect(r.last).toBe('2017-01-27T13:49:59.997000Z');
    });

    it('manifest: five entries, strictly increasing date_added', async () => {
      const r = await get(h, GET_MANIFESTS);
      const m = r.json.objects as { date_added: string }[];
      expect(m).toHaveLength(5);
      expect(r.first).toBe('2014-05-08T09:00:00.000000Z');
      expect(r.last).toBe('2017-12-31T13:49:53.935000Z');
      for (let i = 1; i < m.length; i++) expect(m[i - 1]!.date_added < m[i]!.date_added).toBe(true);
    });

    it('versions of a relationship', async () => {
      const r = await get(h, `${GET_OBJECTS}${RELATIONSHIP}/versions`);
      expect(r.json.versions).toEqual(['2014-05-08T09:00:00.000Z']);
      expect([r.first, r.last]).toEqual(['2014-05-08T09:00:00.000000Z', '2014-05-08T09:00:00.000000Z']);
    });

    it('objects added_after', async () => {
      const r = await get(h, `${GET_OBJECTS}?added_after=2016-11-03T12:30:59Z`);
      expect(r.json.more).toBe(false);
      expect(ids(r)).toEqual(['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', MALWARE, INDICATOR]);
    });

    it('objects limit and next', async () => {
      const r = await get(h, `${GET_OBJECTS}?limit=3`);
      expect(r.json.more).toBe(true);
      expect(ids(r)).toEqual([RELATIONSHIP, 'indicator--cd981c25-8042-4166-8945-51178443bdac', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da']);
      expect([r.first, r.last]).toEqual(['2014-05-08T09:00:00.000000Z', '2017-01-20T00:00:00.000000Z']);
      const r2 = await get(h, `${GET_OBJECTS}?limit=3&next=${r.json.next}`);
      expect(r2.json.more).toBe(false);
      expect(r2.json).not.toHaveProperty('next');
      expect(ids(r2)).toEqual([MALWARE, INDICATOR]);
      expect([r2.first, r2.last]).toEqual(['2017-01-27T13:49:59.997000Z', '2017-12-31T13:49:53.935000Z']);
    });

    it('match[id] and match[type]', async () => {
      expect(ids(await get(h, `${GET_OBJECTS}?match[id]=${MALWARE}`))).toEqual([MALWARE]);
      const r = await get(h, `${GET_OBJECTS}?match[type]=indicator`);
      expect(ids(r)).toEqual(['indicator--cd981c25-8042-4166-8945-51178443bdac', INDICATOR]);
      const both = await get(h, `${GET_OBJECTS}?match[type]=indicator,malware`);
      expect(ids(both)).toEqual(['indicator--cd981c25-8042-4166-8945-51178443bdac', MALWARE, INDICATOR]);
      expect(await get(h, `${GET_OBJECTS}?match[type]=tool`).then((x) => x.json)).toEqual({});
    });

    it('match[version] on objects: exact, first, last, all', async () => {
      const exact = await get(h, `${GET_OBJECTS}?match[version]=2016-12-25T12:30:59.444Z`);
      expect(ids(exact)).toEqual([INDICATOR]);
      const first = await get(h, `${GET_OBJECTS}?match[version]=first`);
      const mod = (g: typeof first, id: string) => g.json.objects!.find((o) => o.id === id)?.modified;
      expect(mod(first, INDICATOR)).toBe('2016-11-03T12:30:59.000Z');
      expect(mod(first, MALWARE)).toBe('2017-01-27T13:49:53.997Z');
      const last = await get(h, `${GET_OBJECTS}?match[version]=last`);
      expect(mod(last, INDICATOR)).toBe('2017-01-27T13:49:53.935Z');
      expect((await get(h, `${GET_OBJECTS}?match[version]=all`)).json.objects).toHaveLength(7);
      const firstLast = await get(h, `${GET_OBJECTS}?match[version]=first,last&match[id]=${INDICATOR}`);
      expect(firstLast.json.objects!.map((o) => o.modified)).toEqual(['2016-11-03T12:30:59.000Z', '2017-01-27T13:49:53.935Z']);
    });

    it('match[spec_version] on objects', async () => {
      const v20 = await get(h, `${GET_OBJECTS}?match[spec_version]=2.0`);
      expect(v20.json.objects).toHaveLength(1);
      expect(v20.json.objects!.every((o) => !('spec_version' in o))).toBe(true);
      expect((await get(h, `${GET_OBJECTS}?match[spec_version]=2.0,2.1`)).json.objects).toHaveLength(5);
      const v21 = await get(h, `${GET_OBJECTS}?match[spec_version]=2.1`);
      expect(v21.json.objects).toHaveLength(5);
      expect(v21.json.objects!.every((o) => o.spec_version === '2.1')).toBe(true);
      const dflt = await get(h, GET_OBJECTS);
      expect(dflt.json.objects!.every((o) => o.spec_version === '2.1')).toBe(true);
    });

    it('one object with added_after', async () => {
      expect((await get(h, `${GET_OBJECTS}${MALWARE}/?added_after=2018-01-27T13:49:59.997000Z`)).json).toEqual({});
      const r = await get(h, `${GET_OBJECTS}${MALWARE}/?added_after=2017-01-27T13:49:59Z`);
      expect(r.json.more).toBe(false);
      expect(r.json.objects).toHaveLength(1);
    });

    it('one object with limit and next over all versions', async () => {
      const r = await get(h, `${GET_OBJECTS}${INDICATOR}/?limit=1`);
      expect(r.json.more).toBe(false);
      expect(r.json.objects).toHaveLength(1);
      expect([r.first, r.last]).toEqual(['2017-12-31T13:49:53.935000Z', '2017-12-31T13:49:53.935000Z']);
      const a = await get(h, `${GET_OBJECTS}${INDICATOR}/?match[version]=all&limit=2`);
      expect(a.json.more).toBe(true);
      expect(a.json.objects!.map((o) => o.modified)).toEqual(['2016-11-03T12:30:59.000Z', '2016-12-25T12:30:59.444Z']);
      expect([a.first, a.last]).toEqual(['2016-11-03T12:30:59.001000Z', '2016-12-27T13:49:59.000000Z']);
      const b = await get(h, `${GET_OBJECTS}${INDICATOR}/?match[version]=all&limit=2&next=${a.json.next}`);
      expect(b.json.more).toBe(false);
      expect(b.json.objects).toHaveLength(1);
      expect([b.first, b.last]).toEqual(['2017-12-31T13:49:53.935000Z', '2017-12-31T13:49:53.935000Z']);
    });

    it.each([
      ['?match[version]=2016-12-25T12:30:59.444Z', '2016-12-25T12:30:59.444Z'],
      ['?match[version]=2016-12-25T12:30:59.444000Z', '2016-12-25T12:30:59.444Z'],
      ['?match[version]=first', '2016-11-03T12:30:59.000Z'],
      ['?match[version]=last', '2017-01-27T13:49:53.935Z'],
    ])('one object %s', async (filter, modified) => {
      const r = await get(h, `${GET_OBJECTS}${INDICATOR}/${filter}`);
      expect(r.json.more).toBe(false);
      expect(r.json.objects!.map((o) => [o.id, o.modified])).toEqual([[INDICATOR, modified]]);
    });

    it('one object, all versions', async () => {
      expect((await get(h, `${GET_OBJECTS}${INDICATOR}/?match[version]=all`)).json.objects).toHaveLength(3);
    });

    it('one object by spec version', async () => {
      const v20 = await get(h, `${GET_OBJECTS}${MALWARE}/?match[spec_version]=2.0`);
      expect(v20.json.objects!.map((o) => o.modified)).toEqual(['2018-02-23T18:30:00.000Z']);
      const v21 = await get(h, `${GET_OBJECTS}${MALWARE}/?match[spec_version]=2.1`);
      expect(v21.json.objects!.map((o) => o.spec_version)).toEqual(['2.1']);
      const any = await get(h, `${GET_OBJECTS}${MALWARE}/?match[spec_version]=2.0,2.1`);
      expect(any.json.objects!.map((o) => o.modified)).toEqual(['2018-02-23T18:30:00.000Z']);
      const dflt = await get(h, `${GET_OBJECTS}${MALWARE}/`);
      expect(dflt.json.objects!.map((o) => o.spec_version)).toEqual(['2.1']);
    });

    it('manifest added_after, match[id], match[type]', async () => {
      const r = await get(h, `${GET_MANIFESTS}?added_after=2017-01-20T00:00:00.000Z`);
      expect(r.json.more).toBe(false);
      expect(ids(r)).toEqual([MALWARE, INDICATOR]);
      const byId = await get(h, `${GET_MANIFESTS}?match[id]=${MALWARE}`);
      expect(byId.json.objects).toEqual([{ id: MALWARE, date_added: '2017-01-27T13:49:59.997000Z', version: '2017-01-27T13:49:53.997Z', media_type: 'application/stix+json;version=2.1' }]);
      const byType = await get(h, `${GET_MANIFESTS}?match[type]=indicator`);
      expect(ids(byType).every((i) => i.startsWith('indicator--'))).toBe(true);
      expect(byType.json.objects).toHaveLength(2);
    });

    it('manifest pages of two', async () => {
      const seen: string[] = [];
      let q = '?limit=2';
      const shapes: [number, boolean][] = [];
      for (;;) {
        const r = await get(h, `${GET_MANIFESTS}${q}`);
        const m = r.json.objects as { id: string; date_added: string }[];
        shapes.push([m.length, r.json.more!]);
        expect(r.first).toBe(m[0]!.date_added);
        expect(r.last).toBe(m.at(-1)!.date_added);
        seen.push(...m.map((x) => x.id));
        if (!r.json.more) break;
        q = `?limit=2&next=${r.json.next}`;
      }
      expect(shapes).toEqual([[2, true], [2, true], [1, false]]);
      expect(new Set(seen).size).toBe(5);
    });

    it('manifest match[version]', async () => {
      const exact = await get(h, `${GET_MANIFESTS}?match[version]=2016-12-25T12:30:59.444Z`);
      expect(exact.json.objects!.map((o) => [o.id, o.version])).toEqual([[INDICATOR, '2016-12-25T12:30:59.444Z']]);
      const first = await get(h, `${GET_MANIFESTS}?match[version]=first`);
      expect(first.json.objects).toHaveLength(5);
      expect(first.json.objects!.find((o) => o.id === INDICATOR)?.version).toBe('2016-11-03T12:30:59.000Z');
      const last = await get(h, `${GET_MANIFESTS}?match[version]=last`);
      expect(last.json.objects!.find((o) => o.id === INDICATOR)?.version).toBe('2017-01-27T13:49:53.935Z');
      expect((await get(h, `${GET_MANIFESTS}?match[version]=all`)).json.objects).toHaveLength(7);
    });

    it('manifest match[spec_version]', async () => {
      const v20 = await get(h, `${GET_MANIFESTS}?match[spec_version]=2.0`);
      expect(v20.json.objects!.map((o) => o.media_type)).toEqual(['application/stix+json;version=2.0']);
      const v21 = await get(h, `${GET_MANIFESTS}?match[spec_version]=2.1`);
      expect(v21.json.objects!.every((o) => o.media_type === 'application/stix+json;version=2.1')).toBe(true);
      expect(v21.json.objects).toHaveLength(5);
      const any = await get(h, `${GET_MANIFESTS}?match[spec_version]=2.0,2.1`);
      expect(any.json.objects).toHaveLength(5);
      expect(any.json.objects!.find((o) => o.id === MALWARE)?.version).toBe('2018-02-23T18:30:00.000Z');
      // The fixture repeats one date_added; ours are unique per collection, so the 2.0 version got +1 µs.
      expect(any.json.objects!.find((o) => o.id === MALWARE)?.date_added).toBe('2017-01-27T13:49:59.997001Z');
      const dflt = await get(h, GET_MANIFESTS);
      expect(dflt.json.objects!.every((o) => o.media_type === 'application/stix+json;version=2.1')).toBe(true);
    });

    it('versions added_after and limit/next', async () => {
      expect((await get(h, `${GET_OBJECTS}${RELATIONSHIP}/versions?added_after=2014-05-08T09:00:00Z`)).json).toEqual({});
      const one = await get(h, `${GET_OBJECTS}${RELATIONSHIP}/versions?added_after=2014-05-08T08:00:00Z`);
      expect(one.json).toMatchObject({ more: false, versions: ['2014-05-08T09:00:00.000Z'] });
      const expected = [
        ['2016-11-03T12:30:59.000Z', '2016-11-03T12:30:59.001000Z', true],
        ['2016-12-25T12:30:59.444Z', '2016-12-27T13:49:59.000000Z', true],
        ['2017-01-27T13:49:53.935Z', '2017-12-31T13:49:53.935000Z', false],
      ] as const;
      let q = '?limit=1';
      for (const [version, added, more] of expected) {
        const r = await get(h, `${GET_OBJECTS}${INDICATOR}/versions${q}`);
        expect(r.json.versions).toEqual([version]);
        expect(r.json.more).toBe(more);
        expect([r.first, r.last]).toEqual([added, added]);
        q = `?limit=1&next=${r.json.next}`;
      }
    });

    it('versions by spec version', async () => {
      const v = (q: string) => get(h, `${GET_OBJECTS}${MALWARE}/versions${q}`).then((r) => r.json.versions);
      expect(await v('?match[spec_version]=2.0')).toEqual(['2018-02-23T18:30:00.000Z']);
      expect(await v('?match[spec_version]=2.1')).toEqual(['2017-01-27T13:49:53.997Z']);
      expect(await v('?match[spec_version]=2.0,2.1')).toHaveLength(2);
      expect(await v('')).toEqual(['2017-01-27T13:49:53.997Z']);
    });

    it('match[type] with match[version]', async () => {
      const r = await get(h, `${GET_OBJECTS}?match[type]=indicator&match[version]=2017-01-27T13:49:53.935Z`);
      expect(r.json.objects!.map((o) => [o.type, o.id])).toEqual([['indicator', INDICATOR]]);
    });

  });
}
