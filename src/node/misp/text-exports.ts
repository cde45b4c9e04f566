/** MISP's csv and text restSearch exports (`CsvExport`, `TextExport`) for attribute rows. */
import type { StoredAttribute, StoredEvent } from '../../storage/port.ts';

/** MISP's default CSV columns (the header of a restSearch CSV export). */
export const CSV_COLUMNS = [
  'uuid', 'event_id', 'category', 'type', 'value', 'comment', 'to_ids', 'date', 'object_relation', 'attribute_tag',
  'object_uuid', 'object_name', 'object_meta_category',
] as const;

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** CSV as MISP writes it: strings quoted, ids and to_ids bare, date = attribute timestamp. */
export function attributesToCsv(rows: readonly { attribute: StoredAttribute; event: StoredEvent }[], opts: { includeEventTags?: boolean } = {}): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const { attribute: a, event: e } of rows) {
    const tags = a.tags.map((t) => t.name);
    if (opts.includeEventTags) for (const t of e.tags) if (!tags.includes(t.name)) tags.push(t.name);
    lines.push(
      [q(a.uuid), String(e.id), q(a.category), q(a.type), q(a.value), q(a.comment), a.toIds ? '1' : '0', String(a.timestamp), q(a.objectRelation ?? ''), q(tags.join(',')), q(''), q(''), q('')].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** One value per line (composite values as stored, as MISP's text export does). */
export function attributesToText(rows: readonly { attribute: StoredAttribute }[]): string {
  return rows.map((r) => r.attribute.value.replace(/[\r\n]+/g, ' ')).join('\n') + (rows.length ? '\n' : '');
}
