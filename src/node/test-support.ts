/** Builders for node tests: small EventInputs and a fetch wrapper that sends a key. */
import type { AttributeInput, Distribution, EventInput, SharingGroupInput, Tag } from '../core/model/event.ts';

let n = 0;
const uuid = (): string => {
  n++;
  const hex = (n + Date.now() * 1000).toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
};

export function attr(type: string, value: string, extra: Partial<AttributeInput> = {}): AttributeInput {
  return {
    uuid: uuid(), type, category: 'Network activity', value, toIds: true, comment: '', firstSeen: null, lastSeen: null,
    timestamp: 1_700_000_000, distribution: 5, sharingGroupUuid: null, tags: [], deleted: false, disableCorrelation: false,
    objectRelation: null, ...extra,
  };
}

export function event(info: string, attributes: AttributeInput[], extra: Partial<EventInput> & { tlp?: string; distribution?: Distribution } = {}): EventInput {
  const { tlp, ...rest } = extra;
  const tags: Tag[] = tlp ? [{ name: `tlp:${tlp}` }] : [];
  return {
    uuid: uuid(), info, date: '2024-05-01', threatLevel: 2, analysis: 2, published: true, publishTimestamp: 1_700_000_100,
    timestamp: 1_700_000_100, distribution: 1, sharingGroup: null, orgc: { name: 'Creator' }, tags, attributes,
    objects: [], sightings: [], ...rest,
  };
}

export function sharingGroup(name: string, orgs: string[]): SharingGroupInput {
  return { uuid: uuid(), name, orgs: orgs.map((o) => ({ name: o })) };
}

/** JSON request helper: returns status, headers and parsed body (text when not JSON). */
export async function call(url: string, key: string | null, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(key ? { authorization: key } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, json: json as any, text };
}
