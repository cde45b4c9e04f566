/**
 * MISP restSearch CSV (the columns and quoting of `tests/event.csv`): strings quoted with `""` escapes,
 * event_id, to_ids (0/1) and date (attribute timestamp) bare.
 */
import type { FullEvent } from '../storage/port.ts';

export const CSV_COLUMNS = [
  'uuid', 'event_id', 'category', 'type', 'value', 'comment', 'to_ids', 'date', 'object_relation', 'attribute_tag',
  'object_uuid', 'object_name', 'object_meta_category',
] as const;

const q = (s: string | null): string => `"${(s ?? '').replace(/"/g, '""')}"`;

/** The header line. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\n`;
}

/** One line per attribute of an event (deleted attributes left out). */
export function csvRows(fe: FullEvent): string {
  const objects = new Map(fe.objects.map((o) => [o.id, o]));
  let out = '';
  for (const a of fe.attributes) {
    if (a.deleted) continue;
    const o = a.objectId !== null ? objects.get(a.objectId) : undefined;
    out += [
      q(a.uuid), String(fe.event.id), q(a.category), q(a.type), q(a.value), q(a.comment), a.toIds ? '1' : '0', String(a.timestamp),
      q(a.objectRelation), q(a.tags.filter((t) => !t.local).map((t) => t.name).join(',')), q(o?.uuid ?? ''), q(o?.name ?? ''),
      q(o?.metaCategory ?? ''),
    ].join(',') + '\n';
  }
  return out;
}
