/**
 * Plain-text IOC lists: one value per line, `#`/`;`/`//` comments (whole-line or after a blank),
 * defanged values, and JSON lines (Spamhaus `drop_v4.json`: one object per line plus a metadata record).
 */
import { stat } from 'node:fs/promises';
import { ListEventBuilder } from './list-event.ts';
import { readLines } from './read-lines.ts';
import type { ImportItem, ListOptions } from './types.ts';

/** JSON fields that carry the indicator in JSON-lines lists, in order of preference. */
export const JSON_VALUE_FIELDS = [
  'cidr', 'ip_prefix', 'ipv6_prefix', 'ipv4Prefix', 'ipv6Prefix', 'ioc_value', 'ioc', 'indicator',
  'value', 'url', 'domain', 'hostname', 'ip', 'ip_address', 'sha256', 'sha1', 'md5',
] as const;

/** Picks the indicator field of a JSON record; `null` when it has none. */
export function jsonRecordValue(rec: Record<string, unknown>): string | null {
  for (const f of JSON_VALUE_FIELDS) {
    const v = rec[f];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

/** Strips comments; returns the value text or null when the line carries none. */
export function lineValue(text: string): string | null {
  const t = text.trim();
  if (t === '' || t.startsWith('#') || t.startsWith(';') || t.startsWith('//')) return null;
  const m = /\s+(#|;|\/\/)/.exec(t);
  return (m ? t.slice(0, m.index) : t).trim();
}

/** Imports a text or JSON-lines list file as one event. */
export async function* importText(file: string, opts: ListOptions): AsyncGenerator<ImportItem> {
  const st = await stat(file);
  const b = new ListEventBuilder(file, opts, Math.floor(st.mtimeMs / 1000));
  for await (const l of readLines(file)) {
    if ('error' in l) {
      yield b.rejectRecord(l.line, l.error);
      continue;
    }
    const v = lineValue(l.text);
    if (v === null) continue;
    let raw = v;
    if (v.startsWith('{')) {
      let rec: unknown;
      try {
        rec = JSON.parse(l.text);
      } catch {
        yield b.rejectRecord(l.line, 'invalid JSON record', v);
        continue;
      }
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
        yield b.rejectRecord(l.line, 'JSON line is not an object', v);
        continue;
      }
      const r = rec as Record<string, unknown>;
      const value = jsonRecordValue(r);
      if (value === null) {
        if (r.type === 'metadata') yield { kind: 'skip', file, line: l.line, reason: 'metadata record, not an indicator' };
        else yield b.rejectRecord(l.line, 'JSON record has no indicator field', v);
        continue;
      }
      raw = value;
    }
    yield* b.add({ raw, line: l.line });
  }
  yield* b.finish();
}
