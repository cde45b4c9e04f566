/**
 * JSON documents: MISP events in every envelope (`{"Event":…}`, `{"response":[…]}`, a bare event, an
 * array of either), STIX bundles, and other JSON lists (provider range files, warninglists) whose
 * indicator fields are extracted as a list import.
 */
import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import type { OrgRef } from '../core/model/event.ts';
import { stixToEvents } from '../stix/stix-to-events.ts';
import { jsonArrayElements } from './json-array-stream.ts';
import { salvageJsonList } from './json-salvage.ts';
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

/**
 * Reads and parses a JSON file, or returns a rejection; a document that does not parse comes back with
 * its text (invalid UTF-8 replaced by U+FFFD) so the intact elements of a list can be salvaged.
 */
export async function readJson(file: string): Promise<{ doc: unknown } | { error: string; text?: string }> {
  const st = await stat(file);
  if (st.size > MAX_JSON_BYTES) return { error: `JSON document larger than ${MAX_JSON_BYTES} bytes; split it or use a MISP feed directory` };
  const bytes = await readFile(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: 'not valid UTF-8', text: markInvalidUtf8(bytes) };
  }
  text = text.replace(/^\uFEFF/, '');
  try {
    return { doc: JSON.parse(text) };
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}`, text };
  }
}

/**
 * Decodes UTF-8 with each invalid sequence turned into a NUL, which no JSON text holds raw, so the
 * element around it fails to parse while a genuine U+FFFD elsewhere stays valid.
 */
function markInvalidUtf8(bytes: Buffer): string {
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; ) {
    const b = out[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= out.length;
    for (let j = 1; ok && j < n; j++) ok = (out[i + j]! & 0xc0) === 0x80;
    if (ok && n > 1 && !isUtf8(out.subarray(i, i + n))) ok = false; // overlong, surrogate or > U+10FFFF
    if (ok) i += n;
    else out[i++] = 0;
  }
  return out.toString('utf8');
}

const isStixObject = (v: unknown): boolean => isObj(v) && typeof v.type === 'string' && typeof v.id === 'string' && v.id.includes('--');
// MISP objects carry a uuid and Attributes too; only events have info and date.
const isMispEvent = (v: unknown): boolean => isObj(v) && (isObj(v.Event) || (typeof v.uuid === 'string' && typeof v.info === 'string' && typeof v.date === 'string'));

/** The intact elements of a damaged MISP or STIX list, each damaged one rejected with its place; null when not a list. */
function salvagedItems(text: string, file: string, org: OrgRef, opts: ListOptions, format?: 'misp' | 'stix'): Generator<ImportItem> | null {
  const stix = format === 'stix' || (format === undefined && /^\s*\{[^]{0,4096}?"type"\s*:\s*"bundle"/.test(text));
  const s = salvageJsonList(text, stix ? isStixObject : isMispEvent);
  if (!s || s.elements.length === 0) return null;
  const label = (i: number): string => (s.list === '' ? `[${i}]` : `${s.list}[${i}]`);
  return (function* () {
    for (const d of s.damaged) yield { kind: 'reject', file, line: d.line, record: `${label(d.index)} at line ${d.line} column ${d.column}`, reason: `damaged element: ${d.reason}` } as ImportItem;
    if (stix) {
      // The bundle's own id (events are named after it) when the damage spared it.
      const id = /"id"\s*:\s*"(bundle--[0-9a-fA-F-]{36})"/.exec(text)?.[1] ?? 'bundle--00000000-0000-4000-8000-000000000000';
      const res = stixToEvents({ type: 'bundle', id, objects: s.elements.map((e) => e.value) }, {
        orgc: org, ...(opts.distribution !== undefined ? { distribution: opts.distribution } : {}), ...(opts.tags ? { tags: opts.tags } : {}),
      });
      for (const x of res.rejected) {
        const at = s.elements[x.index]?.index ?? x.index;
        yield { kind: 'reject', file, record: x.id ? `objects[${at}] ${x.id}` : `objects[${at}]`, reason: x.reason };
      }
      for (const e of res.events) yield { kind: 'event', event: e, source: { file, record: `event ${e.uuid}` } };
      return;
    }
    const records = s.elements.map((e) => mispElement(e.value, label(e.index)) ?? { label: label(e.index), skip: 'not a MISP event' });
    yield* mispRecordItems(records, file, org, opts);
  })();
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
    const org: OrgRef = opts.orgUuid ? { name: opts.orgName, uuid: opts.orgUuid } : { name: opts.orgName };
    const salvaged = r.text !== undefined ? salvagedItems(r.text, file, org, opts, format) : null;
    if (salvaged) yield* salvaged;
    else yield { kind: 'reject', file, reason: r.error };
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
