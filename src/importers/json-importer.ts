/**
 * JSON documents: MISP events in every envelope (`{"Event":…}`, `{"response":[…]}`, a bare event, an
 * array of either), STIX bundles, and other JSON lists (provider range files, warninglists) whose
 * indicator fields are extracted as a list import.
 */
import { readFile, stat } from 'node:fs/promises';
import type { OrgRef } from '../core/model/event.ts';
import { stixToEvents } from '../stix/stix-to-events.ts';
import { jsonArrayElements } from './json-array-stream.ts';
import { ListEventBuilder } from './list-event.ts';
import { mispEventToInput } from './misp-event.ts';
import { JSON_VALUE_FIELDS } from './text-importer.ts';
import type { ImportItem, ListOptions } from './types.ts';

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Largest JSON document read whole (bigger MISP exports should come as a feed directory). */
export const MAX_JSON_BYTES = 400 * 1024 * 1024;

const looksLikeEvent = (o: J): boolean => typeof o.uuid === 'string' && ('Attribute' in o || 'Object' in o || 'info' in o);

/** One element of a MISP array: an event, a MISP record that is not an event, or null (not MISP). */
export function mispElement(x: unknown, label: string): { label: string; event?: J; skip?: string } | null {
  if (isObj(x) && isObj(x.Event)) return { label: `${label}.Event`, event: x.Event };
  if (isObj(x) && looksLikeEvent(x)) return { label, event: x };
  if (isObj(x)) {
    const key = Object.keys(x).find((k) => /^[A-Z]/.test(k));
    return key ? { label, skip: `a MISP ${key} record, not an event` } : null;
  }
  return null;
}

/** Splits a MISP document into event records; null when the document is not MISP-shaped. */
export function mispRecords(doc: unknown): { label: string; event?: J; skip?: string }[] | null {
  if (isObj(doc)) {
    if (isObj(doc.Event)) return [{ label: 'Event', event: doc.Event }];
    if ('response' in doc) {
      const r = doc.response;
      if (Array.isArray(r)) return mispRecords(r)?.map((x) => ({ ...x, label: `response${x.label}` })) ?? [];
      if (isObj(r) && isObj(r.Event)) return [{ label: 'response.Event', event: r.Event }];
      return [];
    }
    if (looksLikeEvent(doc)) return [{ label: '', event: doc }];
    return null;
  }
  if (Array.isArray(doc)) {
    const items = doc.map((x, i) => mispElement(x, `[${i}]`));
    if (items.length === 0 || items.some((x) => x === null)) return null;
    return items as { label: string; event?: J; skip?: string }[];
  }
  return null;
}

export function isStixDocument(doc: unknown): boolean {
  if (isObj(doc)) return doc.type === 'bundle' || (typeof doc.type === 'string' && typeof doc.id === 'string' && doc.id.includes('--'));
  return Array.isArray(doc) && doc.length > 0 && doc.every((o) => isObj(o) && typeof o.id === 'string' && o.id.includes('--'));
}

/** Indicator strings in an arbitrary JSON document: known fields of objects and `list` arrays. */
function* jsonValues(doc: unknown, path: string): Generator<{ raw: string; record: string }> {
  if (Array.isArray(doc)) {
    for (let i = 0; i < doc.length; i++) yield* jsonValues(doc[i], `${path}[${i}]`);
    return;
  }
  if (!isObj(doc)) return;
  for (const f of JSON_VALUE_FIELDS) {
    const v = doc[f];
    if (typeof v === 'string' && v.trim() !== '') {
      yield { raw: v, record: `${path}.${f}` };
      return;
    }
  }
  if (Array.isArray(doc.list) && doc.list.every((x) => typeof x === 'string')) {
    for (let i = 0; i < doc.list.length; i++) yield { raw: doc.list[i] as string, record: `${path}.list[${i}]` };
    return;
  }
  for (const [k, v] of Object.entries(doc)) if (typeof v === 'object' && v !== null) yield* jsonValues(v, `${path}.${k}`);
}

/** Reads and parses a JSON file, or returns a rejection. */
export async function readJson(file: string): Promise<{ doc: unknown } | { error: string }> {
  const st = await stat(file);
  if (st.size > MAX_JSON_BYTES) return { error: `JSON document larger than ${MAX_JSON_BYTES} bytes; split it or use a MISP feed directory` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch {
    return { error: 'not valid UTF-8' };
  }
  try {
    return { doc: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
}

/** Yields the events of a parsed MISP document. */
export function* mispDocumentItems(doc: unknown, file: string, defaultOrg: OrgRef, opts: ListOptions): Generator<ImportItem> {
  const records = mispRecords(doc) ?? [];
  if (records.length === 0) yield { kind: 'skip', file, reason: 'no MISP events in document' };
  yield* mispRecordItems(records, file, defaultOrg, opts);
}

function* mispRecordItems(records: Iterable<{ label: string; event?: J; skip?: string }>, file: string, defaultOrg: OrgRef, opts: ListOptions): Generator<ImportItem> {
  for (const r of records) {
    if (!r.event) {
      yield { kind: 'skip', file, record: r.label, reason: r.skip ?? 'not an event' };
      continue;
    }
    const where = { file, record: `${r.label}${typeof r.event.uuid === 'string' ? ` ${r.event.uuid}` : ''}`.trim() };
    const m = mispEventToInput(r.event, { defaultOrg, ...(opts.distribution !== undefined ? { defaultDistribution: opts.distribution } : {}) }, where);
    yield* m.items;
    if (m.event) yield { kind: 'event', event: m.event, source: where };
  }
}

/** Documents at least this large are streamed element by element when they are MISP arrays. */
export const STREAM_JSON_BYTES = 32 * 1024 * 1024;

/** Streams a large `[…]` / `{"response":[…]}` MISP export; returns false when the file has another shape. */
async function* streamMisp(file: string, opts: ListOptions, org: OrgRef): AsyncGenerator<ImportItem, boolean> {
  let any = false;
  for await (const el of jsonArrayElements(file)) {
    any = true;
    const label = `[${el.index}]`;
    if ('error' in el) {
      yield { kind: 'reject', file, record: label, reason: el.error };
      continue;
    }
    const rec = mispElement(el.value, label) ?? { label, skip: 'not a MISP event' };
    yield* mispRecordItems([rec], file, org, opts);
  }
  return any;
}

/** Imports one JSON document (MISP, STIX or a generic indicator list). */
export async function* importJson(file: string, opts: ListOptions, format?: 'misp' | 'stix', streamFrom = STREAM_JSON_BYTES): AsyncGenerator<ImportItem> {
  if (format !== 'stix' && (await stat(file)).size >= streamFrom) {
    const org: OrgRef = opts.orgUuid ? { name: opts.orgName, uuid: opts.orgUuid } : { name: opts.orgName };
    if (yield* streamMisp(file, opts, org)) return;
  }
  const r = await readJson(file);
  if ('error' in r) {
    yield { kind: 'reject', file, reason: r.error };
    return;
  }
  const doc = r.doc;
  const org: OrgRef = opts.orgUuid ? { name: opts.orgName, uuid: opts.orgUuid } : { name: opts.orgName };
  if (format === 'stix' || (format === undefined && isStixDocument(doc))) {
    const res = stixToEvents(doc, { orgc: org, ...(opts.distribution !== undefined ? { distribution: opts.distribution } : {}), ...(opts.tags ? { tags: opts.tags } : {}) });
    for (const x of res.rejected) yield { kind: 'reject', file, record: x.id ? `objects[${x.index}] ${x.id}` : `objects[${x.index}]`, reason: x.reason };
    for (const e of res.events) yield { kind: 'event', event: e, source: { file, record: `event ${e.uuid}` } };
    if (res.events.length === 0) yield { kind: 'skip', file, reason: 'no indicators or observables in STIX document' };
    return;
  }
  if (format === 'misp' || mispRecords(doc) !== null) {
    yield* mispDocumentItems(doc, file, org, opts);
    return;
  }
  const st = await stat(file);
  const b = new ListEventBuilder(file, opts, Math.floor(st.mtimeMs / 1000));
  let n = 0;
  for (const v of jsonValues(doc, '$')) {
    n++;
    for (const it of b.add({ raw: v.raw, line: 0 })) {
      if (it.kind === 'reject' || it.kind === 'note' || it.kind === 'skip') {
        delete it.line;
        it.record = v.record;
      }
      yield it;
    }
  }
  if (n === 0) yield { kind: 'reject', file, reason: 'JSON document is neither MISP nor STIX and holds no indicator fields' };
  else yield* b.finish();
}
