/**
 * Orders input files by the time of their content, not their names: a rotated set (`eve.json`,
 * `eve.json.1`, `eve.json.2.gz`, or date-stamped names) is read oldest first, so the event-time
 * watermark advances once through the set and no hour is closed before its older lines were read.
 */
import type { CsvMapping } from '../parse/csv.ts';
import { parserFor, type LogFormat } from '../parse/detect.ts';
import { readHead } from '../input/file-source.ts';
import { formatOf } from './ingest.ts';

const SAMPLE_LINES = 50;

/** The earliest event time among a file's first lines (ms), or null when none parses. */
export async function firstEventTime(file: string, forced: LogFormat, opts: { csvMapping?: CsvMapping; now?: () => number } = {}): Promise<number | null> {
  const format = await formatOf(file, forced);
  if (format === 'unknown') return null;
  const parse = parserFor(format, opts);
  const lines = (await readHead(file)).split('\n');
  // The head may end mid-line: only complete lines are sampled (unless it is the whole file).
  if (lines.length > 1) lines.pop();
  let min: number | null = null;
  for (const raw of lines.slice(0, SAMPLE_LINES)) {
    const r = parse(raw.replace(/\r$/, ''));
    if (typeof r === 'object' && 'ts' in r && Number.isFinite(r.ts)) min = min === null ? r.ts : Math.min(min, r.ts);
  }
  return min;
}

/**
 * Sorts files by their first event time (stable: ties keep the given order); files whose time cannot be
 * read follow in the given order, and stdin (`-`) stays last.
 */
export async function orderByContentTime(files: string[], forced: LogFormat, opts: { csvMapping?: CsvMapping; now?: () => number } = {}): Promise<string[]> {
  const real = files.filter((f) => f !== '-');
  const times = await Promise.all(real.map((f) => firstEventTime(f, forced, opts).catch(() => null)));
  const order = real.map((f, i) => ({ f, i, t: times[i] ?? null }));
  order.sort((a, b) => (a.t === null ? (b.t === null ? a.i - b.i : 1) : b.t === null ? -1 : a.t - b.t || a.i - b.i));
  return [...order.map((o) => o.f), ...files.filter((f) => f === '-')];
}
