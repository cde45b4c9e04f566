/**
 * One MISP event JSON object (as `/events/view`, restSearch or a feed shapes it) → `EventInput`.
 * Values of types the normaliser understands are canonicalised; others are kept exactly. Attributes
 * whose value is invalid for their type are left out and reported; the rest of the event still imports.
 */
import { uuid5 as uuidv5 } from './uuid5.ts';
import type {
  AttributeInput, Distribution, EventInput, ObjectInput, OrgRef, SharingGroupInput, SightingInput, Tag,
} from '../core/model/event.ts';
import { defaultCategory } from '../core/model/misp-types.ts';
import { canonicalMispValue } from '../core/model/misp-value.ts';
import { clip, type ImportItem } from './types.ts';

type J = Record<string, unknown>;

export interface MispMapOptions {
  /** Creating organisation when the event names none. */
  defaultOrg: OrgRef;
  /** Distribution when the event has none (feeds usually drop it). */
  defaultDistribution?: Distribution;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): J[] => (Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : []);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);
const int = (v: unknown, d: number): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : d;
};
const bool = (v: unknown, d = false): boolean =>
  v === true || v === 1 || v === '1' || v === 'true' ? true : v === false || v === 0 || v === '0' || v === 'false' ? false : d;
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const dist = (v: unknown, d: Distribution): Distribution => {
  const n = int(v, d);
  return (n >= 0 && n <= 5 ? n : d) as Distribution;
};
const orgRef = (v: unknown): OrgRef | null => {
  if (!isObj(v) || typeof v.name !== 'string' || v.name === '') return null;
  return typeof v.uuid === 'string' && UUID_RE.test(v.uuid) ? { name: v.name, uuid: v.uuid.toLowerCase() } : { name: v.name };
};

/** Tags from `Tag[]`, `EventTag[].Tag` / `AttributeTag[].Tag` and galaxy clusters, without repeats. */
function tagsOf(o: J): Tag[] {
  const out = new Map<string, Tag>();
  const add = (t: J): void => {
    const name = str(t.name).trim();
    if (!name || out.has(name)) return;
    const tag: Tag = { name };
    if (typeof t.colour === 'string' && t.colour) tag.colour = t.colour;
    if (bool(t.local)) tag.local = true;
    out.set(name, tag);
  };
  for (const t of arr(o.Tag)) add(t);
  for (const et of [...arr(o.EventTag), ...arr(o.AttributeTag)]) if (isObj(et.Tag)) add({ ...et.Tag, local: et.local ?? et.Tag.local });
  for (const g of arr(o.Galaxy)) for (const c of arr(g.GalaxyCluster)) if (typeof c.tag_name === 'string') add({ name: c.tag_name });
  return [...out.values()];
}

function sharingGroupOf(v: unknown): SharingGroupInput | null {
  if (!isObj(v) || typeof v.uuid !== 'string' || !UUID_RE.test(v.uuid)) return null;
  const orgs: OrgRef[] = [];
  const creator = orgRef(v.Organisation);
  if (creator) orgs.push(creator);
  for (const so of arr(v.SharingGroupOrg)) {
    const o = orgRef(so.Organisation);
    if (o && !orgs.some((x) => x.name === o.name)) orgs.push(o);
  }
  return { uuid: v.uuid.toLowerCase(), name: str(v.name, v.uuid), description: str(v.description), releasability: str(v.releasability), orgs };
}

function sightingsOf(list: unknown, attributeUuid: string | null, fallbackOrg: OrgRef): SightingInput[] {
  const out: SightingInput[] = [];
  for (const s of arr(list)) {
    const au = str(s.attribute_uuid) || attributeUuid;
    if (!au || typeof s.uuid !== 'string' || !UUID_RE.test(s.uuid)) continue;
    const type = int(s.type, 0);
    out.push({
      uuid: s.uuid.toLowerCase(), attributeUuid: au.toLowerCase(), type: (type >= 0 && type <= 2 ? type : 0) as 0 | 1 | 2,
      source: str(s.source), org: orgRef(s.Organisation) ?? fallbackOrg, dateSighting: int(s.date_sighting, 0),
    });
  }
  return out;
}

/** Maps one MISP event object. Returns the event (if it has a uuid) and items to report. */
export function mispEventToInput(e: J, opts: MispMapOptions, where: { file: string; record: string }): { event: EventInput | null; items: ImportItem[] } {
  const items: ImportItem[] = [];
  const uuid = str(e.uuid).toLowerCase();
  if (!UUID_RE.test(uuid)) {
    items.push({ kind: 'reject', ...where, reason: 'event has no valid uuid' });
    return { event: null, items };
  }
  const rec = (extra: string): string => `${where.record} ${extra}`.trim();
  const orgc = orgRef(e.Orgc) ?? orgRef(e.Org) ?? opts.defaultOrg;
  const timestamp = int(e.timestamp, 0);
  const sightings: SightingInput[] = sightingsOf(e.Sighting, null, orgc);

  const attribute = (a: J, eventTs: number): AttributeInput | null => {
    const type = str(a.type).trim();
    const raw = str(a.value);
    const auuid = typeof a.uuid === 'string' && UUID_RE.test(a.uuid) ? a.uuid.toLowerCase() : uuidv5(`${type}|${raw}`, uuid);
    const label = rec(`attribute ${auuid}`);
    if (!type) {
      items.push({ kind: 'reject', file: where.file, record: label, reason: 'attribute has no type', value: clip(raw) });
      return null;
    }
    if (raw === '') {
      items.push({ kind: 'reject', file: where.file, record: label, reason: `empty ${type} value` });
      return null;
    }
    const c = canonicalMispValue(type, raw);
    if (!c.ok) {
      items.push({ kind: 'reject', file: where.file, record: label, reason: c.error, value: clip(raw) });
      return null;
    }
    if (c.note) items.push({ kind: 'note', file: where.file, record: label, reason: c.note, value: clip(raw) });
    sightings.push(...sightingsOf(a.Sighting, auuid, orgc));
    const sg = sharingGroupOf(a.SharingGroup);
    return {
      uuid: auuid, type, category: str(a.category) || defaultCategory(type), value: c.value, toIds: bool(a.to_ids),
      comment: str(a.comment), firstSeen: strOrNull(a.first_seen), lastSeen: strOrNull(a.last_seen),
      timestamp: int(a.timestamp, eventTs), distribution: dist(a.distribution, 5), sharingGroupUuid: sg?.uuid ?? null,
      tags: tagsOf(a), deleted: bool(a.deleted), disableCorrelation: bool(a.disable_correlation),
      objectRelation: strOrNull(a.object_relation),
    };
  };

  const attributes = arr(e.Attribute).map((a) => attribute(a, timestamp)).filter((a): a is AttributeInput => a !== null);
  const objects: ObjectInput[] = [];
  for (const o of arr(e.Object)) {
    const ouuid = str(o.uuid).toLowerCase();
    if (!UUID_RE.test(ouuid)) {
      items.push({ kind: 'reject', file: where.file, record: rec(`object ${str(o.name)}`), reason: 'object has no valid uuid' });
      continue;
    }
    const ots = int(o.timestamp, timestamp);
    objects.push({
      uuid: ouuid, name: str(o.name), metaCategory: str(o['meta-category'] ?? o.meta_category), description: str(o.description),
      templateUuid: strOrNull(o.template_uuid), templateVersion: o.template_version == null ? null : str(o.template_version),
      comment: str(o.comment), distribution: dist(o.distribution, 5), sharingGroupUuid: sharingGroupOf(o.SharingGroup)?.uuid ?? null,
      timestamp: ots, deleted: bool(o.deleted), firstSeen: strOrNull(o.first_seen), lastSeen: strOrNull(o.last_seen),
      attributes: arr(o.Attribute).map((a) => attribute(a, ots)).filter((a): a is AttributeInput => a !== null),
      references: arr(o.ObjectReference)
        .filter((r) => typeof r.uuid === 'string' && typeof r.referenced_uuid === 'string')
        .map((r) => ({ uuid: str(r.uuid).toLowerCase(), referencedUuid: str(r.referenced_uuid).toLowerCase(), relationshipType: str(r.relationship_type), comment: str(r.comment) })),
    });
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(str(e.date)) ? str(e.date) : new Date(timestamp * 1000).toISOString().slice(0, 10);
  const tl = int(e.threat_level_id, 4);
  const an = int(e.analysis, 0);
  const event: EventInput = {
    uuid, info: str(e.info), date, threatLevel: (tl >= 1 && tl <= 4 ? tl : 4) as EventInput['threatLevel'],
    analysis: (an >= 0 && an <= 2 ? an : 0) as EventInput['analysis'], published: bool(e.published),
    publishTimestamp: int(e.publish_timestamp, 0), timestamp,
    distribution: dist(e.distribution, opts.defaultDistribution ?? 1), sharingGroup: sharingGroupOf(e.SharingGroup), orgc,
    tags: tagsOf(e), attributes, objects, sightings,
  };
  if (event.distribution === 5) event.distribution = opts.defaultDistribution ?? 1;
  return { event, items };
}
