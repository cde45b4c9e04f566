/**
 * Turns the values of one list file (text, CSV, JSON lines) into one MISP event. The event uuid is
 * derived from the organisation and the file path, attribute uuids from the event uuid and the
 * canonical type/value, so re-importing updates the same event and repeats collapse.
 * Lists longer than `partSize` become several events (parts) in file order; attribute uuids stay
 * derived from the file's uuid, so a value that moves to another part keeps its identity.
 */
import path from 'node:path';
import { textUuid, uuid5 as uuidv5 } from './uuid5.ts';
import { normalize } from '../core/indicators/normalize.ts';
import type { AttributeInput, EventInput } from '../core/model/event.ts';
import { canonicalMispValue } from '../core/model/misp-value.ts';
import { defaultCategory, defaultToIds, typeFromHint } from '../core/model/misp-types.ts';
import { clip, type EventItem, type ImportItem, type ListOptions } from './types.ts';

/** Namespace for Renkei's deterministic list-import uuids. */
export const LIST_NAMESPACE = '3f1f4d8e-5a7b-4c1e-9a53-7d0a0b6f2c11';

/** Deterministic event uuid of a list file imported for an organisation. */
export function listEventUuid(file: string, orgName: string): string {
  return uuidv5(`list-import\n${orgName}\n${path.resolve(file)}`, LIST_NAMESPACE);
}

const NONE: ImportItem[] = [];

export interface RawValue {
  raw: string;
  line: number;
  /** Type label from the list (CSV type column, column header); undefined = detect. */
  hint?: string;
  comment?: string;
  category?: string;
  /** MISP rows (restSearch CSV): the attribute's own type, uuid, to_ids and timestamp are kept. */
  misp?: { type: string; uuid?: string; toIds?: boolean; timestamp?: number; objectRelation?: string };
}

export class ListEventBuilder {
  readonly eventUuid: string;
  /** Values seen so far, per type (MISP CSV rows by uuid under ''); no joined key strings for 1M-line lists. */
  private readonly seen = new Map<string, Set<string>>();
  private batch: AttributeInput[] = [];
  private repeated = 0;
  private total = 0;
  /** Values read (and records rejected before a value could be read): the summary's `read`. */
  private read = 0;
  private readonly partSize: number;
  private part = 0;
  private readonly timestamp: number;
  private note: string | null = null;

  constructor(
    private readonly file: string,
    private readonly opts: ListOptions,
    mtimeSeconds: number,
  ) {
    this.eventUuid = listEventUuid(file, opts.orgName);
    this.partSize = opts.partSize ?? 20_000;
    this.timestamp = opts.timestamp ?? mtimeSeconds;
  }

  /** Adds one raw value; returns what to yield (a rejection, a note, a full chunk), usually nothing. */
  add(v: RawValue): ImportItem[] {
    this.read++;
    const out = this.addOne(v);
    if (this.note) {
      const n: ImportItem = { kind: 'note', file: this.file, line: v.line, reason: this.note, value: clip(v.raw.trim()) };
      this.note = null;
      return out ? [n, out] : [n];
    }
    return out ? [out] : NONE;
  }

  private addOne(v: RawValue): ImportItem | null {
    const raw = v.raw.trim();
    let type: string;
    let value: string;
    const hinted = v.hint !== undefined ? typeFromHint(v.hint) : undefined;
    if (v.misp) {
      if (raw === '') return this.reject(v.line, 'empty value', raw);
      const c = canonicalMispValue(v.misp.type, v.raw);
      if (!c.ok) return this.reject(v.line, c.error, raw);
      type = v.misp.type;
      value = c.value;
      if (c.note) this.note = c.note;
    } else if (v.hint !== undefined && hinted === null) {
      return this.reject(v.line, `unsupported indicator type "${clip(v.hint, 60)}"`, raw);
    } else if (hinted && 'verbatim' in hinted) {
      if (raw === '') return this.reject(v.line, 'empty value', raw);
      type = hinted.verbatim;
      value = raw;
    } else {
      let n = normalize(raw, hinted ? { type: hinted.normalize } : undefined);
      if (!n.ok && hinted) {
        // A list labelled "IP" may hold ip:port: accept the value when it is the same kind of indicator.
        const d = normalize(raw);
        if (d.ok && d.type.split('|')[0] === hinted.normalize.split('|')[0]) {
          n = { ...d, note: `listed as ${v.hint}, read as ${d.type}` };
        }
      }
      if (!n.ok) return this.reject(v.line, n.error, raw);
      type = n.type;
      value = n.value;
      if (n.note) this.note = n.note;
    }
    const group = v.misp?.uuid !== undefined ? '' : type;
    const key = v.misp?.uuid ?? value;
    let seen = this.seen.get(group);
    if (!seen) this.seen.set(group, (seen = new Set()));
    if (seen.has(key)) {
      this.repeated++;
      this.note = null;
      return null;
    }
    seen.add(key);
    if (this.opts.warninglist) {
      const hits = this.opts.warninglist(type, value);
      if (hits.length > 0) {
        this.note = null;
        return { kind: 'skip', file: this.file, line: v.line, reason: `on warninglist: ${hits.join(', ')}`, warninglisted: true };
      }
    }
    this.batch.push({
      // A restSearch CSV row's uuid belongs to its original event: derive ours from it so the
      // list event never takes attributes away from that event when both are imported.
      uuid: textUuid(v.misp?.uuid ? `misp-csv|${v.misp.uuid}` : `${type}|${value}`, this.eventUuid),
      type,
      category: v.category || defaultCategory(type),
      value,
      toIds: v.misp?.toIds ?? defaultToIds(type),
      comment: v.comment ?? '',
      firstSeen: null,
      lastSeen: null,
      timestamp: v.misp?.timestamp ?? this.timestamp,
      distribution: 5,
      sharingGroupUuid: null,
      tags: [],
      deleted: false,
      disableCorrelation: false,
      objectRelation: v.misp?.objectRelation || null,
    });
    this.total++;
    return this.batch.length >= this.partSize ? this.flush() : null;
  }

  /** A record that was read but could not be split into values (broken CSV, invalid UTF-8). */
  rejectRecord(line: number, reason: string, raw = ''): ImportItem {
    this.read++;
    return raw === '' ? { kind: 'reject', file: this.file, line, reason } : this.reject(line, reason, raw);
  }

  /** Yields the pending part (null when nothing is pending). */
  flush(): EventItem | null {
    if (this.batch.length === 0) return null;
    this.part++;
    const item: EventItem = {
      kind: 'event',
      event: this.header(this.batch, this.part),
      source: { file: this.file },
      repeated: this.repeated,
    };
    this.batch = [];
    this.repeated = 0;
    return item;
  }

  /** Final items: the last part, counts no part carried, or a note that the file held no indicator. */
  *finish(): Generator<ImportItem> {
    const last = this.flush();
    if (last) yield last;
    if (this.repeated || this.read) yield { kind: 'count', file: this.file, repeated: this.repeated, read: this.read };
    if (this.total === 0) yield { kind: 'skip', file: this.file, reason: 'no indicators in file' };
  }

  private reject(line: number, reason: string, raw: string): ImportItem {
    return { kind: 'reject', file: this.file, line, reason, value: clip(raw) };
  }

  private header(attributes: AttributeInput[], part: number): EventInput {
    const ts = this.timestamp;
    return {
      uuid: part === 1 ? this.eventUuid : uuidv5(`part ${part}`, this.eventUuid),
      info: `Import of ${path.basename(this.file)}${part === 1 ? '' : ` (part ${part})`}`,
      date: new Date(ts * 1000).toISOString().slice(0, 10),
      threatLevel: 4,
      analysis: 2,
      published: false,
      publishTimestamp: 0,
      timestamp: ts,
      distribution: this.opts.distribution ?? 1,
      sharingGroup: null,
      orgc: this.opts.orgUuid ? { name: this.opts.orgName, uuid: this.opts.orgUuid } : { name: this.opts.orgName },
      tags: this.opts.tags ?? [],
      attributes,
      objects: [],
      sightings: [],
    };
  }
}
