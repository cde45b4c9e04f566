/**
 * CSV logs with a column mapping: `field=column` pairs where column is a header name or a 0-based index.
 * Fields: ts, src, dst, sport, dport, proto, sid, gid, sig, category, severity, action.
 */
import { RenkeiError } from '../../core/errors.ts';
import { blankEvent, normaliseProto, type LogEvent, type RejectReason } from './types.ts';
import { parseIsoTimestamp } from './timestamp.ts';

export const CSV_FIELDS = ['ts', 'src', 'dst', 'sport', 'dport', 'proto', 'sid', 'gid', 'sig', 'category', 'severity', 'action'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export type CsvMapping = Partial<Record<CsvField, string>>;

/** Header names recognised when no mapping is given. */
const GUESS: Record<CsvField, string[]> = {
  ts: ['timestamp', 'time', 'ts', 'date', '@timestamp', 'datetime'],
  src: ['src_ip', 'src', 'source', 'source_ip', 'srcip', 'sip', 'source.ip'],
  dst: ['dest_ip', 'dst_ip', 'dst', 'destination', 'destination_ip', 'dstip', 'dip', 'destination.ip'],
  sport: ['src_port', 'sport', 'source_port', 'spt', 'source.port'],
  dport: ['dest_port', 'dst_port', 'dport', 'destination_port', 'dpt', 'destination.port'],
  proto: ['proto', 'protocol', 'transport', 'protocol.transport'],
  sid: ['sid', 'signature_id', 'rule_id'],
  gid: ['gid'],
  sig: ['signature', 'msg', 'message', 'rule', 'alert'],
  category: ['category', 'classification', 'class'],
  severity: ['severity', 'priority'],
  action: ['action'],
};

/** Parses `ts=time,src=2,…` into a mapping; throws config_invalid on unknown fields. */
export function parseCsvMapping(text: string): CsvMapping {
  const out: CsvMapping = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq) as CsvField;
    if (eq < 1 || !CSV_FIELDS.includes(key)) throw new RenkeiError('config_invalid', `unknown CSV mapping field "${part}" (use ${CSV_FIELDS.join(', ')})`);
    out[key] = part.slice(eq + 1);
  }
  return out;
}

/** Splits one CSV record (RFC 4180 quoting, single line). */
export function splitCsvLine(line: string, sep = ','): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < n) {
        const c = line[i]!;
        if (c === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += c;
        i++;
      }
      out.push(v);
      const next = line.indexOf(sep, i);
      i = next < 0 ? n + 1 : next + 1;
    } else {
      let next = line.indexOf(sep, i);
      if (next < 0) next = n;
      out.push(line.slice(i, next).replace(/\r$/, ''));
      i = next + 1;
    }
  }
  return out;
}

/** A stateful CSV parser: the first line is a header when the mapping names columns or none is given. */
export function createCsvParser(mapping: CsvMapping = {}, now: () => number = Date.now): (line: string) => LogEvent | RejectReason {
  const numeric = Object.values(mapping).length > 0 && Object.values(mapping).every((v) => /^\d+$/.test(v));
  let idx: Partial<Record<CsvField, number>> | null = numeric
    ? Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, Number(v)]))
    : null;
  return (line) => {
    const cols = splitCsvLine(line);
    if (!idx) {
      const header = cols.map((c) => c.trim().toLowerCase());
      const found: Partial<Record<CsvField, number>> = {};
      for (const f of CSV_FIELDS) {
        const wanted = mapping[f] !== undefined ? [mapping[f]!.toLowerCase()] : GUESS[f];
        const at = header.findIndex((h) => wanted.includes(h));
        if (at >= 0) found[f] = at;
      }
      if (found.src === undefined || found.dst === undefined) return 'csv_header';
      idx = found;
      return 'csv_header';
    }
    const get = (f: CsvField): string | null => {
      const i = idx![f];
      if (i === undefined) return null;
      const v = cols[i];
      return v === undefined || v === '' ? null : v.trim();
    };
    if (cols.length < 2) return 'csv_columns';
    const src = get('src');
    const dst = get('dst');
    if (src === null || dst === null) return 'csv_columns';
    const tsText = get('ts');
    let ts = tsText === null ? now() : /^\d{9,10}(\.\d+)?$/.test(tsText) ? Number(tsText) * 1000 : /^\d{13}$/.test(tsText) ? Number(tsText) : parseIsoTimestamp(tsText);
    if (Number.isNaN(ts)) {
      const d = Date.parse(tsText!);
      if (Number.isNaN(d)) return 'bad_timestamp';
      ts = d;
    }
    const num = (f: CsvField, max: number): number | null => {
      const v = get(f);
      return v !== null && /^\d{1,10}$/.test(v) && Number(v) <= max ? Number(v) : null;
    };
    const sid = num('sid', 2 ** 32);
    const e = blankEvent(ts, sid !== null || get('sig') !== null ? 'alert' : 'firewall');
    e.srcIp = src;
    e.destIp = dst;
    e.srcPort = num('sport', 65535);
    e.destPort = num('dport', 65535);
    e.proto = normaliseProto(get('proto'));
    e.sid = sid ?? 0;
    e.gid = num('gid', 2 ** 32);
    e.signature = get('sig');
    e.category = get('category');
    e.severity = num('severity', 255);
    e.action = get('action');
    return e;
  };
}
