/**
 * STIX 2.1 → MISP events. Each report becomes an event with the indicators and SCOs it references;
 * indicators and SCOs outside any report form one event for the bundle. Patterns map through
 * `mapPattern`, values are canonicalised, TLP markings (1.0 and 2.0) become `tlp:` tags, and every
 * object that cannot be mapped is returned as a rejection with its index and reason.
 */
import { v5 as uuidv5 } from 'uuid';
import type { AttributeInput, Distribution, EventInput, OrgRef, Tag } from '../core/model/event.ts';
import { canonicalMispValue } from '../core/model/misp-value.ts';
import { defaultCategory } from '../core/model/misp-types.ts';
import { RENKEI_STIX_NAMESPACE } from './ids.ts';
import { hashType, mapPattern, type MappedValue } from './pattern-map.ts';
import { tlpTagForMarking } from './tlp-markings.ts';
import { checkStructure } from './structure.ts';

export interface StixToEventsOptions {
  /** Creating organisation when the objects name none (`created_by_ref`). */
  orgc?: OrgRef;
  /** Uuid for the event of objects outside any report (default: the bundle id, else derived from ids). */
  eventUuid?: string;
  info?: string;
  tags?: Tag[];
  distribution?: Distribution;
}

export interface StixRejection {
  id?: string;
  index: number;
  reason: string;
}

type Obj = Record<string, unknown> & { type: string; id: string };

const SCO_MAP: Record<string, string> = {
  'ipv4-addr': 'ip-dst',
  'ipv6-addr': 'ip-dst',
  'domain-name': 'domain',
  url: 'url',
  'email-addr': 'email-src',
};

const uuidOf = (id: string): string => id.slice(id.indexOf('--') + 2).toLowerCase();
const epoch = (ts: unknown): number => (typeof ts === 'string' && !Number.isNaN(Date.parse(ts)) ? Math.floor(Date.parse(ts) / 1000) : 0);

class EventDraft {
  attributes: AttributeInput[] = [];
  private keys = new Set<string>();
  constructor(readonly event: Omit<EventInput, 'attributes'>) {}
  has(type: string, value: string): boolean {
    return this.keys.has(`${type}\u0000${value}`);
  }
  add(a: AttributeInput): void {
    this.keys.add(`${a.type}\u0000${a.value}`);
    this.attributes.push(a);
  }
}

/** Converts a bundle (or a list of STIX objects) to events plus rejections. */
export function stixToEvents(bundleOrObjects: unknown, opts: StixToEventsOptions = {}): { events: EventInput[]; rejected: StixRejection[] } {
  const rejected: StixRejection[] = [];
  const bundle = !Array.isArray(bundleOrObjects) && typeof bundleOrObjects === 'object' && bundleOrObjects !== null
    ? (bundleOrObjects as Record<string, unknown>)
    : null;
  const raw: unknown[] = Array.isArray(bundleOrObjects) ? bundleOrObjects : Array.isArray(bundle?.objects) ? (bundle!.objects as unknown[]) : [];
  const objects: { o: Obj; index: number }[] = [];
  raw.forEach((o, index) => {
    const problems = checkStructure(o);
    const id = typeof (o as { id?: unknown })?.id === 'string' ? (o as { id: string }).id : undefined;
    if (problems.length) rejected.push({ ...(id ? { id } : {}), index, reason: problems.join('; ') });
    else objects.push({ o: o as Obj, index });
  });
  const byId = new Map(objects.map((x) => [x.o.id, x]));
  const markings = new Map(objects.filter((x) => x.o.type === 'marking-definition').map((x) => [x.o.id, x.o as Record<string, unknown>]));
  const tlpTags = (o: Obj): Tag[] => {
    const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : [];
    return [...new Set(refs.map((r) => tlpTagForMarking(r, markings)).filter((t): t is string => t !== null))].map((name) => ({ name }));
  };
  const orgOf = (o: Obj): OrgRef => {
    const idn = typeof o.created_by_ref === 'string' ? byId.get(o.created_by_ref)?.o : undefined;
    if (idn && typeof idn.name === 'string') return { name: idn.name, uuid: uuidOf(idn.id) };
    return opts.orgc ?? { name: 'STIX import' };
  };
  const draft = (uuid: string, info: string, date: string, ts: number, orgc: OrgRef, tags: Tag[]): EventDraft =>
    new EventDraft({
      uuid, info, date, threatLevel: 4, analysis: 2, published: false, publishTimestamp: 0, timestamp: ts,
      distribution: opts.distribution ?? 1, sharingGroup: null, orgc, tags: [...(opts.tags ?? []), ...tags], objects: [], sightings: [],
    });

  const addValues = (d: EventDraft, o: Obj, index: number, values: MappedValue[], toIds: boolean): void => {
    const single = values.length === 1;
    for (const v of values) {
      const c = canonicalMispValue(v.type, v.value);
      if (!c.ok) {
        rejected.push({ id: o.id, index, reason: c.error });
        continue;
      }
      if (d.has(v.type, c.value)) continue;
      d.add({
        uuid: single ? uuidOf(o.id) : uuidv5(`${o.id}|${v.type}|${c.value}`, RENKEI_STIX_NAMESPACE),
        type: v.type, category: defaultCategory(v.type), value: c.value, toIds,
        comment: typeof o.name === 'string' ? o.name : typeof o.description === 'string' ? o.description : '',
        firstSeen: toIds && typeof o.valid_from === 'string' ? o.valid_from : null,
        lastSeen: toIds && typeof o.valid_until === 'string' ? o.valid_until : null,
        timestamp: epoch(o.modified ?? o.created), distribution: 5, sharingGroupUuid: null, tags: tlpTags(o),
        deleted: o.revoked === true, disableCorrelation: false, objectRelation: null,
      });
    }
  };
  const addObject = (d: EventDraft, x: { o: Obj; index: number }): void => {
    const { o, index } = x;
    if (o.type === 'indicator') {
      if (o.pattern_type !== undefined && o.pattern_type !== 'stix') {
        rejected.push({ id: o.id, index, reason: `pattern_type ${String(o.pattern_type)} is not mapped` });
        return;
      }
      const m = mapPattern(String(o.pattern));
      for (const p of m.problems) rejected.push({ id: o.id, index, reason: p });
      addValues(d, o, index, m.values, true);
    } else if (SCO_MAP[o.type] && typeof o.value === 'string') {
      addValues(d, o, index, [{ type: SCO_MAP[o.type]!, value: o.value }], false);
    } else if (o.type === 'autonomous-system' && typeof o.number === 'number') {
      addValues(d, o, index, [{ type: 'AS', value: String(o.number) }], false);
    } else if (o.type === 'file') {
      const hashes = Object.entries((o.hashes as Record<string, string>) ?? {}).flatMap(([k, v]) => {
        const t = hashType(k);
        return t ? [{ type: t, value: v }] : [];
      });
      const name = typeof o.name === 'string' ? o.name : null;
      const vals = name && hashes.length ? hashes.map((h) => ({ type: `filename|${h.type}`, value: `${name}|${h.value}` })) : name ? [{ type: 'filename', value: name }] : hashes;
      addValues(d, o, index, vals, false);
    }
  };

  const events: EventInput[] = [];
  const inReport = new Set<string>();
  const reports = objects.filter((x) => x.o.type === 'report');
  for (const r of reports) {
    const o = r.o;
    const refs = Array.isArray(o.object_refs) ? (o.object_refs as string[]) : [];
    const published = typeof o.published === 'string' ? o.published : String(o.created ?? '');
    const d = draft(uuidOf(o.id), String(o.name ?? 'STIX report'), published.slice(0, 10), epoch(o.modified), orgOf(o), tlpTags(o));
    const members = refs.map((id) => byId.get(id)).filter((x): x is { o: Obj; index: number } => x !== undefined);
    for (const m of [...members].sort((a, b) => Number(b.o.type === 'indicator') - Number(a.o.type === 'indicator'))) {
      inReport.add(m.o.id);
      addObject(d, m);
    }
    if (d.attributes.length) events.push({ ...d.event, attributes: d.attributes });
  }
  const rest = objects.filter((x) => !inReport.has(x.o.id) && (x.o.type === 'indicator' || SCO_MAP[x.o.type] || x.o.type === 'file' || x.o.type === 'autonomous-system'));
  if (rest.length) {
    rest.sort((a, b) => Number(b.o.type === 'indicator') - Number(a.o.type === 'indicator'));
    const bundleId = typeof bundle?.id === 'string' && bundle.id.startsWith('bundle--') ? uuidOf(bundle.id) : null;
    const uuid = opts.eventUuid ?? bundleId ?? uuidv5(rest.map((x) => x.o.id).sort().join(','), RENKEI_STIX_NAMESPACE);
    const created = rest.map((x) => String(x.o.created ?? '')).filter(Boolean).sort();
    const ts = Math.max(0, ...rest.map((x) => epoch(x.o.modified ?? x.o.created)));
    const first = rest.find((x) => x.o.type === 'indicator')?.o ?? rest[0]!.o;
    const d = draft(uuid, opts.info ?? `STIX bundle ${bundleId ?? uuid}`, (created[0] ?? new Date(ts * 1000).toISOString()).slice(0, 10), ts, orgOf(first), []);
    for (const x of rest) addObject(d, x);
    if (d.attributes.length) events.push({ ...d.event, attributes: d.attributes });
  }
  return { events, rejected };
}
