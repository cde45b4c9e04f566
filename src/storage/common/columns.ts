/**
 * Column lists and input → row-value builders shared by both adapters, plus the field-by-field
 * comparison that makes re-saving identical data a no-op (`unchanged`).
 */
import type { AttributeInput, EventInput, ObjectInput } from '../../core/model/event.ts';
import { tlpOf } from '../../core/sharing/tlp.ts';
import { parseTags, tagsJson, type Row } from './rows.ts';
import { tlpRank } from './visibility.ts';

export const EVENT_COLS = [
  'uuid', 'info', 'date', 'threat_level', 'analysis', 'published', 'publish_timestamp', 'timestamp',
  'distribution', 'sharing_group_id', 'org_id', 'orgc_id', 'tags', 'tlp',
] as const;

export const ATTR_COLS = [
  'uuid', 'event_id', 'object_id', 'object_relation', 'type', 'category', 'value', 'to_ids', 'comment',
  'first_seen', 'last_seen', 'timestamp', 'distribution', 'sharing_group_id', 'deleted', 'disable_correlation',
  'tags', 'tlp',
] as const;

export const OBJECT_COLS = [
  'uuid', 'event_id', 'name', 'meta_category', 'description', 'template_uuid', 'template_version', 'comment',
  'distribution', 'sharing_group_id', 'timestamp', 'deleted', 'first_seen', 'last_seen',
] as const;

export type Values = unknown[];

export function eventValues(e: EventInput, ids: { sgId: number | null; orgId: number; orgcId: number }): Values {
  return [
    e.uuid, e.info, e.date, e.threatLevel, e.analysis, e.published ? 1 : 0, e.publishTimestamp, e.timestamp,
    e.distribution, ids.sgId, ids.orgId, ids.orgcId, tagsJson(e.tags), tlpRank(tlpOf(e.tags)),
  ];
}

export function attributeValues(a: AttributeInput, ids: { eventId: number; objectId: number | null; sgId: number | null }): Values {
  return [
    a.uuid, ids.eventId, ids.objectId, a.objectRelation, a.type, a.category, a.value, a.toIds ? 1 : 0, a.comment ?? '',
    a.firstSeen, a.lastSeen, a.timestamp, a.distribution, ids.sgId, a.deleted ? 1 : 0, a.disableCorrelation ? 1 : 0,
    tagsJson(a.tags), tlpRank(tlpOf(a.tags)),
  ];
}

export function objectValues(o: ObjectInput, ids: { eventId: number; sgId: number | null }): Values {
  return [
    o.uuid, ids.eventId, o.name, o.metaCategory, o.description ?? '', o.templateUuid, o.templateVersion, o.comment ?? '',
    o.distribution, ids.sgId, o.timestamp, o.deleted ? 1 : 0, o.firstSeen, o.lastSeen,
  ];
}

function norm(col: string, v: unknown): string {
  if (v === null || v === undefined) return '\u0000null';
  if (col === 'tags') return tagsJson(parseTags(v));
  return String(v);
}

/** True when a stored row differs from the values about to be written. */
export function rowDiffers(cols: readonly string[], row: Row, values: Values): boolean {
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    if (norm(c, row[c]) !== norm(c, values[i])) return true;
  }
  return false;
}
