/** Endpoints and helpers of the conformance cases (ported from medallion's test suite, same fixture). */
import { expect } from 'vitest';
import type { TaxiiHarness } from '../test-harness.ts';
import { TAXII_MEDIA } from '../media.ts';

export const API_ROOT = '/trustgroup1/';
export const COLLECTIONS = `${API_ROOT}collections/`;
export const GET_COLLECTION = `${COLLECTIONS}91a7b528-80eb-42ed-a74d-c6fbd5a26116/`;
export const ADD_COLLECTION = `${COLLECTIONS}365fed99-08fa-fdcd-a1b3-fb247eb41d01/`;
export const NON_EXISTENT_COLLECTION = `${COLLECTIONS}12345678-1234-1234-1234-123456789012/`;
export const FORBIDDEN_COLLECTION = `${COLLECTIONS}64993447-4d7e-4f70-b94d-d7f33742ee63/`;
export const GET_OBJECTS = `${GET_COLLECTION}objects/`;
export const GET_MANIFESTS = `${GET_COLLECTION}manifest/`;
export const ADD_OBJECTS = `${ADD_COLLECTION}objects/`;
export const ADD_MANIFESTS = `${ADD_COLLECTION}manifest/`;

export const MALWARE = 'malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec';
export const INDICATOR = 'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e';
export const RELATIONSHIP = 'relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463';

export const TEST_OBJECT = {
  type: 'course-of-action',
  spec_version: '2.1',
  id: 'course-of-action--68794cd5-28db-429d-ab1e-1256704ef906',
  created: '2017-01-27T13:49:53.935Z',
  modified: '2017-01-27T13:49:53.935Z',
  name: 'Test object',
};

export interface Got {
  status: number;
  contentType: string | null;
  json: Record<string, unknown> & { objects?: Record<string, unknown>[]; versions?: string[]; more?: boolean; next?: string };
  first: string | null;
  last: string | null;
  headers: Headers;
}

/** Sends a request and reads the TAXII answer, asserting the exact media type on every response. */
export async function call(h: TaxiiHarness, method: string, p: string, opts: Parameters<TaxiiHarness['req']>[2] = {}): Promise<Got> {
  const r = await h.req(method, p, opts);
  const text = await r.text();
  expect(r.headers.get('content-type')).toBe(TAXII_MEDIA);
  return {
    status: r.status,
    contentType: r.headers.get('content-type'),
    json: text ? (JSON.parse(text) as Got['json']) : {},
    first: r.headers.get('x-taxii-date-added-first'),
    last: r.headers.get('x-taxii-date-added-last'),
    headers: r.headers,
  };
}

export const get = (h: TaxiiHarness, p: string, opts?: Parameters<TaxiiHarness['req']>[2]) => call(h, 'GET', p, opts);
export const post = (h: TaxiiHarness, p: string, body: unknown, opts: Parameters<TaxiiHarness['req']>[2] = {}) =>
  call(h, 'POST', p, { body: typeof body === 'string' ? body : JSON.stringify(body), ...opts });
export const del = (h: TaxiiHarness, p: string) => call(h, 'DELETE', p);
export const ids = (g: Got): string[] => (g.json.objects ?? []).map((o) => String(o.id));
