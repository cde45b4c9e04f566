/**
 * Error conformance cases ported from medallion (401/403/404/406 and 400 for malformed filters or a
 * changed follow-up query): every error is a TAXII error resource with the TAXII media type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTaxiiHarness, type TaxiiHarness } from '../test-harness.ts';
import { API_ROOT, COLLECTIONS, FORBIDDEN_COLLECTION, GET_MANIFESTS, GET_OBJECTS, INDICATOR, NON_EXISTENT_COLLECTION, get } from './endpoints.ts';

export function errorCases(kind: 'sqlite' | 'postgres'): void {
  describe(`TAXII conformance, errors (${kind})`, () => {
    let h: TaxiiHarness;
    beforeAll(async () => {
      h = await startTaxiiHarness(kind, { seed: true });
    });
    afterAll(async () => h?.close());

    it('404s: unknown API root, collection, status, object', async () => {
      expect((await get(h, '/trustgroup2/')).status).toBe(404);
      expect((await get(h, NON_EXISTENT_COLLECTION)).status).toBe(404);
      expect((await get(h, '/carbon1/collections/')).status).toBe(404);
      expect((await get(h, '/carbon1/collections/12345678-1234-1234-1234-123456789012/')).status).toBe(404);
      expect((await get(h, `${API_ROOT}status/22101993/`)).status).toBe(404);
      expect((await get(h, `${COLLECTIONS}24042009/manifest/`)).status).toBe(404);
      expect((await get(h, `${GET_OBJECTS}malware--cee60c30-a68c-11e3-b0c1-a01aac20d000/`)).status).toBe(404);
      expect((await get(h, `${NON_EXISTENT_COLLECTION}objects/`)).status).toBe(404);
    });

    it('401 without credentials, with WWW-Authenticate and a TAXII error body', async () => {
      for (const p of [COLLECTIONS, `${API_ROOT}status/2223/`, `${COLLECTIONS}24042009/manifest/`, `${GET_OBJECTS}malware--fdd60b30-b67c-11e3-b0b9-f01faf20d111/`, GET_OBJECTS, '/']) {
        const r = await get(h, p, { auth: null });
        expect(r.status).toBe(401);
        expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
        expect(r.json).toMatchObject({ title: 'Unauthorized', http_status: '401' });
      }
      const wrong = await get(h, COLLECTIONS, { auth: `Basic ${Buffer.from('Malware Research Group:' + 'x'.repeat(40)).toString('base64')}` });
      expect(wrong.status).toBe(401);
    });

    it('403 on a collection the caller may not read', async () => {
      expect((await get(h, `${FORBIDDEN_COLLECTION}manifest/`)).status).toBe(403);
      expect((await get(h, `${FORBIDDEN_COLLECTION}objects/`)).status).toBe(403);
      const r = await get(h, `${FORBIDDEN_COLLECTION}objects/indicator--b81f86b9-975b-bb0b-775e-810c5bd45b4f/`);
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ title: 'Forbidden', http_status: '403' });
    });

    it('406 for an Accept that excludes TAXII 2.1; wildcards and no version are fine', async () => {
      expect((await get(h, COLLECTIONS, { headers: { accept: 'application/json' } })).status).toBe(406);
      expect((await get(h, COLLECTIONS, { headers: { accept: 'application/taxii+json;version=2.0' } })).status).toBe(406);
      expect((await get(h, COLLECTIONS, { headers: { accept: '*/*' } })).status).toBe(200);
      expect((await get(h, COLLECTIONS, { headers: { accept: 'application/taxii+json' } })).status).toBe(200);
      expect((await get(h, COLLECTIONS, { headers: { accept: 'application/taxii+json; version=2.1' } })).status).toBe(200);
    });

    it('400 for malformed filters', async () => {
      for (const q of ['?limit=-20', '?limit=0', '?limit=abc', '?added_after=yesterday', '?match[version]=latest', '?match[id]=not-an-id', '?match[spec_version]=two', '?match[foo]=bar', '?next=garbage']) {
        const r = await get(h, `${GET_OBJECTS}${q}`);
        expect(r.status, q).toBe(400);
        expect(r.json.http_status).toBe('400');
      }
      expect((await get(h, `${GET_OBJECTS}${INDICATOR}/?match[type]=indicator`)).status).toBe(400);
    });

    it('400 when a follow-up changes the filters', async () => {
      const a = await get(h, `${GET_OBJECTS}?match[version]=all&limit=2`);
      expect(a.json.objects).toHaveLength(2);
      const b = await get(h, `${GET_OBJECTS}?match[version]=all&limit=2&next=${a.json.next}`);
      expect(b.json.objects).toHaveLength(2);
      expect(b.json.more).toBe(true);
      const c = await get(h, `${GET_OBJECTS}?match[version]=first&limit=2&next=${b.json.next}`);
      expect(c.status).toBe(400);
      // A cursor from another endpoint is refused too.
      expect((await get(h, `${GET_MANIFESTS}?match[version]=all&limit=2&next=${a.json.next}`)).status).toBe(400);
      // The page size may change between pages.
      expect((await get(h, `${GET_OBJECTS}?match[version]=all&limit=5&next=${a.json.next}`)).json.objects).toHaveLength(5);
    });
  });
}
