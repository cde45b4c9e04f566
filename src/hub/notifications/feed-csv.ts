/**
 * An attached feed's CSV (Shadowserver-style reports, abuse.ch lists, honeypot exports) as pipeline
 * records: the address column is the first of `ip`, `src_ip`, `source_ip`, `address`, `ip_address`,
 * `dst_ip` (abuse.ch names the C2 `dst_ip`) present in the header; the time column the first of
 * `timestamp`, `time`, `first_seen_utc`, `first_seen`, `dateadded`, `date` (no zone means UTC); a
 * `category` column overrides the feed's category; other columns go into the evidence. `#` lines are
 * comments. Each row is checked by the pipeline like any record; a row this reader cannot use becomes an
 * invalid record with its line number, so positions line up.
 */
import { parse } from 'csv-parse/sync';

const ADDRESS = ['ip', 'src_ip', 'source_ip', 'address', 'ip_address', 'dst_ip'];
const TIME = ['timestamp', 'time', 'first_seen_utc', 'first_seen', 'dateadded', 'date'];
/** Evidence columns kept (bounded; the rest of a wide Shadowserver row is dropped). */
const MAX_EVIDENCE_COLUMNS = 16;

/** Thrown for a CSV without a usable header. */
export class FeedCsvError extends Error {}

/** CSV text → records (one per data row, in order) for `NotificationService.ingest`. */
export function feedCsvRecords(text: string, category: string, now: number): Array<Record<string, unknown>> {
  const rows = parse(text, { comment: '#', skip_empty_lines: true, relax_column_count: true, trim: true, bom: true }) as string[][];
  const header = rows.shift()?.map((h) => h.toLowerCase().replace(/^"|"$/g, ''));
  if (!header) throw new FeedCsvError('the CSV has no header line');
  const col = (names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const a = col(ADDRESS);
  if (a < 0) throw new FeedCsvError(`no address column (one of ${ADDRESS.join(', ')})`);
  const t = col(TIME);
  const c = header.indexOf('category');
  const keep = header.map((_, i) => i).filter((i) => i !== a && i !== t && i !== c).slice(0, MAX_EVIDENCE_COLUMNS);
  return rows.map((r) => {
    const raw = t >= 0 ? (r[t] ?? '') : '';
    const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw;
    const time = t < 0 ? now : /^\d+$/.test(raw) ? Number(raw) * (raw.length <= 10 ? 1000 : 1) : Date.parse(iso);
    const evidence: Record<string, string> = {};
    for (const i of keep) if (r[i]) evidence[header[i]!] = r[i]!;
    return { address: r[a] ?? '', category: c >= 0 && r[c] ? r[c] : category, time: Number.isFinite(time) ? time : raw, evidence };
  });
}
