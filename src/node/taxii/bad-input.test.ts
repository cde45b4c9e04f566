/**
 * Bad input on the TAXII path: malformed JSON, invalid UTF-8, wrong types, invalid STIX, oversized
 * bodies and junk parameters give TAXII error objects with 4xx (never 500) and write nothing; real OASIS
 * examples validated against the OASIS schemas are accepted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiHarness, type TaxiiHarness } from './test-harness.ts';
import { ADD_OBJECTS, TEST_OBJECT, get, post } from './conformance/endpoints.ts';
import { TAXII_MEDIA } from './media.ts';

const STIX = path.resolve(process.cwd(), '../shared/data/stix');
const SCHEMAS = path.join(STIX, 'oasis-cti-stix2-json-schemas/schemas');
const bundle = (rel: string) => JSON.parse(readFileSync(path.join(STIX, rel), 'utf8')) as { objects: Record<string, unknown>[] };

describe('TAXII bad input', () => {
  let h: TaxiiHarness;
  beforeAll(async () => {
    h = await startTaxiiHarness('sqlite', { seed: true, plugin: { schemasDir: SCHEMAS, maxContentLength: 4 * 1024 * 1024 } });
  });
  afterAll(async () => h?.close());

  const nothingWritten = async () => {
    expect((await get(h, ADD_OBJECTS)).json).toEqual({});
    expect((await h.store.counts()).events).toBe(0);
  };

  it('malformed JSON is a 400 TAXII error', async () => {
    for (const body of ['{"objects": [', '{objects: []}', '', '{"objects": [}]}', '\u0000']) {
      const r = await post(h, ADD_OBJECTS, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json).toMatchObject({ title: 'Bad Request', http_status: '400', error_code: 'invalid_json' });
      expect(r.json.error_id).toMatch(/^[0-9a-f-]{36}$/);
    }
    await nothingWritten();
  });

  it('invalid UTF-8 is a 400; a UTF-8 BOM is tolerated', async () => {
    const bad = Buffer.concat([Buffer.from('{"objects": [{"type": "course-of-action", "name": "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}]}')]);
    const res = await h.req('POST', ADD_OBJECTS, { body: new Uint8Array(bad) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(TAXII_MEDIA);
    expect(((await res.json()) as { error_code: string }).error_code).toBe('invalid_encoding');
    await nothingWritten();
    const bom = await post(h, ADD_OBJECTS, '\ufeff' + JSON.stringify({ objects: [] }));
    expect(bom.status).toBe(202);
    expect(bom.json).toMatchObject({ total_count: 0, success_count: 0, failure_count: 0, pending_count: 0 });
  });

  it('deeply nested JSON is a 400, not a crash', async () => {
    const r = await post(h, ADD_OBJECTS, '['.repeat(200_000) + ']'.repeat(200_000));
    expect([400, 422]).toContain(r.status);
  });

  it('wrong types and invalid STIX become per-object failures; valid objects in the same post are kept', async () => {
    const invalidIndicator = { type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2020-01-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z', pattern_type: 'stix', valid_from: '2020-01-01T00:00:00Z' };
    const objects = [1, 'x', null, [], { type: 5 }, { type: 'indicator', id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, invalidIndicator,
      { ...TEST_OBJECT, modified: 'yesterday' }, { ...TEST_OBJECT, spec_version: '3.0' }, TEST_OBJECT];
    const r = await post(h, ADD_OBJECTS, { objects });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ total_count: 10, success_count: 1, failure_count: 9, pending_count: 0 });
    const failures = r.json.failures as { id: string; message: string }[];
    expect(failures).toHaveLength(9);
    expect(failures[6]).toMatchObject({ id: invalidIndicator.id, message: expect.stringContaining('pattern') });
    expect((await get(h, ADD_OBJECTS)).json.objects!.map((o) => o.id)).toEqual([TEST_OBJECT.id]);
  });

  it('the OASIS schemas reject the upstream invalid TLP 2.0 example and accept the rest of it', async () => {
    const objects = bundle('oasis-cti-stix-common-objects/tlp-2.0/using-tlp2.0-green-INVALID-created.json').objects;
    const r = await post(h, ADD_OBJECTS, { objects });
    const failed = (r.json.failures as { id: string }[]).map((f) => f.id);
    expect(failed).toEqual([objects.find((o) => String(o.created).startsWith('2022-101'))!.id]);
    expect(r.json.success_count).toBe(objects.length - 1);
  });

  it('accepts real OASIS bundles (apt1, poisonivy) and mirrors their indicators into the intel store', async () => {
    for (const f of ['apt1.json', 'poisonivy.json']) {
      const objects = bundle(`oasis-cti-stix2-json-schemas/examples/${f}`).objects;
      const r = await post(h, ADD_OBJECTS, { objects });
      expect(r.json.failure_count, f).toBe(0);
      expect(r.json.success_count).toBe(objects.length);
    }
    const all = await get(h, `${ADD_OBJECTS}?match[type]=indicator&limit=1000`);
    expect(all.json.objects!.length).toBeGreaterThan(10);
    const attrs = await h.store.searchAttributes({ limit: 5000 }, { orgId: h.adminOrgId, sharingGroupIds: [] });
    expect(attrs.total).toBeGreaterThan(10);
  });

  it('a body over the server cap is a 413 TAXII error and writes nothing', async () => {
    const before = (await get(h, `${ADD_OBJECTS}?match[version]=all&limit=1000`)).json.objects?.length ?? 0;
    const big = JSON.stringify({ objects: [{ ...TEST_OBJECT, id: 'course-of-action--11111111-1111-4111-8111-111111111111', description: 'x'.repeat(5 * 1024 * 1024) }] });
    const r = await post(h, ADD_OBJECTS, big);
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ http_status: '413', title: 'Payload Too Large' });
    expect((await get(h, `${ADD_OBJECTS}?match[version]=all&limit=1000`)).json.objects?.length ?? 0).toBe(before);
  });

  it('indicators with arbitrary patterns and values never give a 5xx', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom("[ipv4-addr:value = '", "[file:hashes.'SHA-256' = 'zz']", "[url:value = 'http://[::1']", "[domain-name:value = '\u0000']", "[ipv4-addr:value = '999.1.1.1/99']")), fc.string(), async (pattern, name) => {
        n++;
        const id = `indicator--${n.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;
        const ind = { type: 'indicator', spec_version: '2.1', id, created: '2020-01-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z', pattern, pattern_type: 'stix', valid_from: '2020-01-01T00:00:00Z', name };
        const res = await h.req('POST', ADD_OBJECTS, { body: JSON.stringify({ objects: [ind] }) });
        await res.text();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('random bodies and random query strings never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 200 })), async (body) => {
        const res = await h.req('POST', ADD_OBJECTS, { body: typeof body === 'string' ? body : Buffer.from(body).toString('latin1') });
        await res.text();
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toBe(TAXII_MEDIA);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]', 'match[x]'), fc.string()), { maxLength: 4 }), async (pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await h.req('GET', `${ADD_OBJECTS}?${qs}`);
        await res.text();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });
});
