/**
 * Bulk import of hosts from CSV (RFC 4180 quoting). A header row names the columns: `name` is required;
 * `address`, `os`, `owner`, `tag` optional. Every bad row becomes an error with its line number and
 * reason; the valid rows are kept. Work is bounded: rows past `maxRows` are reported, not parsed.
 */
import { HOST_TAGS, type HostTag } from './triage.ts';

export interface HostInput {
  name: string;
  address: string | null;
  os: string | null;
  owner: string | null;
  tag: HostTag;
}

/** Stable codes of a bad row: the web UI translates these; `reason` is the English text for scripts. */
export const ROW_ERROR_CODES = ['empty_file', 'bad_header', 'too_many_rows', 'unterminated_quote', 'field_count', 'name_empty', 'field_too_long', 'unknown_tag'] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export interface RowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  code: RowErrorCode;
  /** The values the message needs (column names, counts, the bad value), for translation. */
  params: Record<string, string | number>;
  reason: string;
}

const rowError = (line: number, code: RowErrorCode, params: Record<string, string | number>, reason: string): RowError => ({ line, code, params, reason });

export interface HostCsvResult {
  hosts: Array<HostInput & { line: number }>;
  errors: RowError[];
}

const COLUMNS = ['name', 'address', 'os', 'owner', 'tag'] as const;
export const MAX_FIELD = 255;

/** Splits CSV text into records of fields, with the line each record starts on. */
function* records(text: string): Generator<{ line: number; fields: string[]; bad?: string }> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let bad: string | undefined;
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            bad = 'unterminated quoted field';
            break;
          }
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
      }
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      fields.push(field);
      field = '';
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    yield bad ? { line: start, fields, bad } : { line: start, fields };
  }
}

/** Parses a host CSV; at most `maxRows` data rows are taken. */
export function parseHostCsv(text: string, maxRows: number): HostCsvResult {
  const out: HostCsvResult = { hosts: [], errors: [] };
  const it = records(text.replace(/^\uFEFF/, ''));
  const head = it.next();
  if (head.done) return { hosts: [], errors: [rowError(1, 'empty_file', {}, 'empty file: a header row with a name column is needed')] };
  const header = head.value.fields.map((f) => f.trim().toLowerCase());
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  if (!header.includes('name') || unknown.length > 0) {
    const reason = `header must name the columns ${COLUMNS.join(', ')} (name required)${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`;
    return { hosts: [], errors: [rowError(1, 'bad_header', { columns: COLUMNS.join(', '), unknown: unknown.join(', ') }, reason)] };
  }
  const col = (name: (typeof COLUMNS)[number]): number => header.indexOf(name);
  let rows = 0;
  for (const r of it) {
    if (r.fields.length === 1 && r.fields[0]!.trim() === '') continue;
    if (rows >= maxRows) {
      let more = 1;
      for (const x of it) if (!(x.fields.length === 1 && x.fields[0]!.trim() === '')) more++;
      out.errors.push(rowError(r.line, 'too_many_rows', { max: maxRows, rest: more }, `too many rows: at most ${maxRows} per import; ${more} rows from this line on were not imported`));
      break;
    }
    rows++;
    if (r.bad) {
      out.errors.push(rowError(r.line, 'unterminated_quote', {}, r.bad));
      continue;
    }
    if (r.fields.length !== header.length) {
      out.errors.push(rowError(r.line, 'field_count', { expected: header.length, found: r.fields.length }, `expected ${header.length} fields, found ${r.fields.length}`));
      continue;
    }
    const get = (c: (typeof COLUMNS)[number]): string | null => {
      const i = col(c);
      const v = i < 0 ? '' : r.fields[i]!.trim();
      return v === '' ? null : v;
    };
    const name = get('name');
    if (!name) {
      out.errors.push(rowError(r.line, 'name_empty', {}, 'name is empty'));
      continue;
    }
    const long = COLUMNS.find((c) => (get(c)?.length ?? 0) > MAX_FIELD);
    if (long) {
      out.errors.push(rowError(r.line, 'field_too_long', { column: long, max: MAX_FIELD }, `${long} is longer than ${MAX_FIELD} characters`));
      continue;
    }
    const tag = (get('tag')?.toLowerCase() ?? 'untriaged') as HostTag;
    if (!(HOST_TAGS as readonly string[]).includes(tag)) {
      out.errors.push(rowError(r.line, 'unknown_tag', { value: get('tag') ?? '', allowed: HOST_TAGS.join(', ') }, `unknown tag "${get('tag')}": use ${HOST_TAGS.join(', ')}`));
      continue;
    }
    out.hosts.push({ line: r.line, name, address: get('address'), os: get('os'), owner: get('owner'), tag });
  }
  return out;
}
