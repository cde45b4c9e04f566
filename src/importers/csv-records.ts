/**
 * Splits a CSV file into records one line at a time, so a malformed record costs only its own line:
 * each record is parsed on its own with csv-parse, and after an error reading resumes at the next line
 * (a streaming csv-parse stops at the first error and drops the rest of the file).
 * A quoted field that spans lines is joined with the lines that follow, up to `MAX_RECORD_LINES`, and
 * kept only when it closes cleanly with the expected number of columns; otherwise the first line is
 * rejected and the following lines are read again as records of their own.
 */
import { parse } from 'csv-parse/sync';
import { CSV_OPTIONS } from './csv-layout.ts';
import { readLines, type Line } from './read-lines.ts';

/** Most physical lines one quoted record may span. */
export const MAX_RECORD_LINES = 16;

export type CsvRecord =
  | { line: number; fields: string[] }
  | { line: number; error: string; raw: string }
  | { line: number; comment: string };

// One record per call: `\n` never appears inside a call unless a quoted field spans lines, and a lone
// `\r` (a damaged byte) stays data instead of splitting the record.
const OPTIONS = { ...CSV_OPTIONS, bom: false, skip_empty_lines: false, record_delimiter: '\n' } as const;

type Parsed = { fields: string[] } | { error: string; unclosed: boolean };

function parseOne(text: string): Parsed {
  try {
    const rows = parse(text, OPTIONS) as string[][];
    if (rows.length !== 1) return { error: `CSV: ${rows.length} records on one line`, unclosed: false };
    return { fields: rows[0]! };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { error: `CSV: ${err.message}`, unclosed: err.code === 'CSV_QUOTE_NOT_CLOSED' };
  }
}

/**
 * Yields the records of a CSV file with their 1-based first line. `#` lines are comments;
 * `expectedColumns` (the header's width, when known) decides whether a multi-line join is a record.
 */
export async function* csvRecords(file: string, expectedColumns?: () => number | undefined): AsyncGenerator<CsvRecord> {
  const queue: Line[] = [];
  const source = readLines(file)[Symbol.asyncIterator]();
  let ended = false;
  const next = async (): Promise<Line | null> => {
    if (queue.length > 0) return queue.shift()!;
    if (ended) return null;
    const r = await source.next();
    if (r.done) {
      ended = true;
      return null;
    }
    return r.value;
  };
  for (;;) {
    const l = await next();
    if (l === null) return;
    if ('error' in l) {
      yield { line: l.line, error: l.error, raw: '' };
      continue;
    }
    const t = l.text.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      yield { line: l.line, comment: l.text };
      continue;
    }
    const p = parseOne(l.text);
    if ('fields' in p) {
      yield { line: l.line, fields: p.fields };
      continue;
    }
    if (!p.unclosed) {
      yield { line: l.line, error: p.error, raw: l.text };
      continue;
    }
    // An open quote: try the record across the next lines.
    const taken: Line[] = [];
    let text = l.text;
    let joined: string[] | null = null;
    while (taken.length < MAX_RECORD_LINES - 1) {
      const n = await next();
      if (n === null) break;
      taken.push(n);
      if ('error' in n) break;
      text += `\n${n.text}`;
      const q = parseOne(text);
      if ('fields' in q) {
        const want = expectedColumns?.();
        if (want === undefined || q.fields.length === want) joined = q.fields;
        break;
      }
      if (!q.unclosed) break;
    }
    if (joined) {
      yield { line: l.line, fields: joined };
      continue;
    }
    yield { line: l.line, error: p.error, raw: l.text };
    queue.unshift(...taken);
  }
}
