/**
 * CSV IOC lists, streamed through csv-parse: ThreatFox dumps (`#`-commented header, `", "`-separated
 * quoted fields), Feodo (ip + port columns), Unit 42 (Type,Indicator), multi-indicator rows, header-less
 * geofeeds, and MISP restSearch CSV (attribute uuids and types kept). One event per file.
 */
import { stat } from 'node:fs/promises';
import { detectCsvLayout, type CsvLayout } from './csv-layout.ts';
import { csvRecords } from './csv-records.ts';
import { ListEventBuilder, type RawValue } from './list-event.ts';
import type { ImportItem, ListOptions } from './types.ts';

function rowValues(layout: CsvLayout, row: string[], line: number): RawValue[] | string {
  if (layout.mode === 'misp') {
    const m = layout.misp!;
    const get = (k: string): string => (m[k] !== undefined ? (row[m[k]!] ?? '') : '');
    const type = get('type');
    if (type === '') return 'missing type column';
    const ts = Number(get('date'));
    const uuid = get('uuid');
    return [
      {
        raw: get('value'),
        line,
        comment: get('comment'),
        category: get('category'),
        misp: {
          type,
          ...(/^[0-9a-f-]{36}$/i.test(uuid) ? { uuid: uuid.toLowerCase() } : {}),
          toIds: get('to_ids') === '1' || get('to_ids').toLowerCase() === 'true',
          ...(Number.isFinite(ts) && ts > 0 ? { timestamp: Math.floor(ts) } : {}),
          objectRelation: get('object_relation'),
        },
      },
    ];
  }
  const out: RawValue[] = [];
  for (const col of layout.values) {
    const cell = row[col.index];
    if (cell === undefined) {
      if (layout.values.length === 1) return `row has no column ${col.index + 1}`;
      continue;
    }
    if (cell.trim() === '' && layout.values.length > 1) continue;
    let raw = cell;
    if (col.portIndex !== undefined && (row[col.portIndex] ?? '').trim() !== '') {
      raw = `${cell.trim()}:${row[col.portIndex]!.trim()}`;
    }
    const hint = layout.typeIndex !== undefined ? row[layout.typeIndex] : col.hint;
    const v: RawValue = { raw, line };
    if (raw !== cell) v.hint = 'ip:port';
    else if (hint !== undefined) v.hint = hint;
    if (layout.commentIndex !== undefined) v.comment = row[layout.commentIndex] ?? '';
    if (layout.categoryIndex !== undefined) v.category = row[layout.categoryIndex] ?? '';
    out.push(v);
  }
  return out;
}

/** Imports a CSV list file as one event; a malformed record is rejected and reading goes on at the next line. */
export async function* importCsv(file: string, opts: ListOptions): AsyncGenerator<ImportItem> {
  const st = await stat(file);
  const layout = await detectCsvLayout(file, opts.columns);
  const b = new ListEventBuilder(file, opts, Math.floor(st.mtimeMs / 1000));
  let width = layout.header?.length;
  for await (const rec of csvRecords(file, () => width)) {
    if ('comment' in rec) continue;
    if ('error' in rec) {
      yield b.rejectRecord(rec.line, rec.error, rec.raw);
      continue;
    }
    const line = rec.line;
    if (line === layout.headerLine) continue;
    width ??= rec.fields.length;
    const vals = rowValues(layout, rec.fields, line);
    if (typeof vals === 'string') {
      yield b.rejectRecord(line, vals, rec.fields.join(','));
      continue;
    }
    for (const v of vals) {
      yield* b.add(v);
    }
  }
  yield* b.finish();
}
