/**
 * Row ↔ model mapping shared by both adapters (same column names in both schemas; flags are 0/1 ints,
 * tags are a JSON array stored as text in SQLite and jsonb in PostgreSQL).
 */
import type { Analysis, Distribution, SightingType, Tag, ThreatLevel } from '../../core/model/event.ts';
import type { Organisation, StoredAttribute, StoredEvent, StoredObject, StoredSighting } from '../port.ts';
import { tlpFromRank } from './visibility.ts';

export type Row = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Parses a stored tag array (text or already-parsed jsonb). */
export function parseTags(v: unknown): Tag[] {
  if (v === '[]') return [];
  const arr = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(arr) ? (arr as Tag[]) : [];
}

/** Serialises tags compactly (only the fields the model has). */
export function tagsJson(tags: readonly Tag[]): string {
  if (tags.length === 0) return '[]';
  return JSON.stringify(
    tags.map((t) => {
      const o: Tag = { name: t.name };
      if (t.colour) o.colour = t.colour;
      if (t.local) o.local = true;
      return o;
    }),
  );
}

export function toOrg(r: Row): Organisation {
  return { id: num(r.id), uuid: str(r.uuid), name: str(r.name) };
}

export function toEvent(r: Row): StoredEvent {
  return {
    id: num(r.id),
    uuid: str(r.uuid),
    info: str(r.info),
    date: str(r.date),
    threatLevel: num(r.threat_level) as ThreatLevel,
    analysis: num(r.analysis) as Analysis,
    published: num(r.published) === 1,
    publishTimestamp: num(r.publish_timestamp),
    timestamp: num(r.timestamp),
    distribution: num(r.distribution) as Distribution,
    sharingGroupId: numOrNull(r.sharing_group_id),
    orgId: num(r.org_id),
    orgcId: num(r.orgc_id),
    tags: parseTags(r.tags),
    tlp: tlpFromRank(num(r.tlp)),
  };
}

export function toAttribute(r: Row): StoredAttribute {
  return {
    id: num(r.id),
    uuid: str(r.uuid),
    eventId: num(r.event_id),
    objectId: numOrNull(r.object_id),
    objectRelation: strOrNull(r.object_relation),
    type: str(r.type),
    category: str(r.category),
    value: str(r.value),
    toIds: num(r.to_ids) === 1,
    comment: str(r.comment),
    firstSeen: strOrNull(r.first_seen),
    lastSeen: strOrNull(r.last_seen),
    timestamp: num(r.timestamp),
    distribution: num(r.distribution) as Distribution,
    sharingGroupId: numOrNull(r.sharing_group_id),
    deleted: num(r.deleted) === 1,
    disableCorrelation: num(r.disable_correlation) === 1,
    tags: parseTags(r.tags),
  };
}

export function toObject(r: Row, refs: StoredObject['references']): StoredObject {
  return {
    id: num(r.id),
    uuid: str(r.uuid),
    eventId: num(r.event_id),
    name: str(r.name),
    metaCategory: str(r.meta_category),
    description: str(r.description),
    templateUuid: strOrNull(r.template_uuid),
    templateVersion: strOrNull(r.template_version),
    comment: str(r.comment),
    distribution: num(r.distribution) as Distribution,
    sharingGroupId: numOrNull(r.sharing_group_id),
    timestamp: num(r.timestamp),
    deleted: num(r.deleted) === 1,
    firstSeen: strOrNull(r.first_seen),
    lastSeen: strOrNull(r.last_seen),
    references: refs,
  };
}

export function toReference(r: Row): StoredObject['references'][number] {
  return { uuid: str(r.uuid), referencedUuid: str(r.referenced_uuid), relationshipType: str(r.relationship_type), comment: str(r.comment) };
}

export function toSighting(r: Row): StoredSighting {
  return {
    id: num(r.id),
    uuid: str(r.uuid),
    attributeId: num(r.attribute_id),
    eventId: num(r.event_id),
    orgId: num(r.org_id),
    type: num(r.type) as SightingType,
    source: str(r.source),
    dateSighting: num(r.date_sighting),
  };
}
