/**
 * Report periods: a week (Monday to Sunday), a calendar month or a calendar quarter, all in UTC (the
 * hub's statistics are hourly UTC buckets). A period has a stable code used in citation ids.
 */
import { RenkeiError } from '../errors.ts';

export type PeriodKind = 'week' | 'month' | 'quarter';

/** A period as chosen by the operator: its kind and first day (YYYY-MM-DD, UTC). */
export interface ReportPeriod {
  kind: PeriodKind;
  start: string;
}

/** A resolved period: [from, to) in epoch seconds and its code (`2026-11`, `2026-Q4`, `2026-W45`). */
export interface PeriodRange extends ReportPeriod {
  from: number;
  to: number;
  code: string;
}

const DAY = 86_400;
const ymd = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 10);

/** ISO week number and its year of a UTC day (epoch seconds at midnight). */
function isoWeek(sec: number): { year: number; week: number } {
  const d = new Date(sec * 1000);
  const dow = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow + 3));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return { year: thursday.getUTCFullYear(), week: Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1 };
}

/** Checks the period and returns its range; `validation_failed` if the start is not a period's first day. */
export function resolvePeriod(p: ReportPeriod): PeriodRange {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.start);
  if (!m) throw new RenkeiError('validation_failed', `period start must be YYYY-MM-DD, got ${p.start}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (ymd(ms / 1000) !== p.start) throw new RenkeiError('validation_failed', `period start ${p.start} is not a date`);
  const from = ms / 1000;
  switch (p.kind) {
    case 'week': {
      if (new Date(ms).getUTCDay() !== 1) throw new RenkeiError('validation_failed', `a week starts on a Monday; ${p.start} is not one`);
      const w = isoWeek(from);
      return { ...p, from, to: from + 7 * DAY, code: `${w.year}-W${String(w.week).padStart(2, '0')}` };
    }
    case 'month':
      if (d !== 1) throw new RenkeiError('validation_failed', `a month starts on day 1; got ${p.start}`);
      return { ...p, from, to: Date.UTC(y, mo, 1) / 1000, code: `${y}-${String(mo).padStart(2, '0')}` };
    case 'quarter':
      if (d !== 1 || (mo - 1) % 3 !== 0) throw new RenkeiError('validation_failed', `a quarter starts on 1 January, April, July or October; got ${p.start}`);
      return { ...p, from, to: Date.UTC(y, mo + 2, 1) / 1000, code: `${y}-Q${(mo + 2) / 3}` };
    default:
      throw new RenkeiError('validation_failed', `unknown period kind ${String((p as { kind: unknown }).kind)}`);
  }
}

/** The period of the same kind just before `p`. */
export function previousPeriod(p: PeriodRange): PeriodRange {
  const d = new Date(p.from * 1000);
  if (p.kind === 'week') return resolvePeriod({ kind: 'week', start: ymd(p.from - 7 * DAY) });
  const back = p.kind === 'month' ? 1 : 3;
  return resolvePeriod({ kind: p.kind, start: ymd(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1) / 1000) });
}

/** The `n` periods before `p`, most recent first. */
export function earlierPeriods(p: PeriodRange, n: number): PeriodRange[] {
  const out: PeriodRange[] = [];
  let cur = p;
  for (let i = 0; i < n; i++) out.push((cur = previousPeriod(cur)));
  return out;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The period for a reader, with its time zone: `2026年11月（UTC）`, `November 2026 (UTC)`. */
export function periodLabel(p: PeriodRange, lang: 'ja' | 'en'): string {
  const d = new Date(p.from * 1000);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const last = new Date((p.to - DAY) * 1000);
  if (lang === 'ja') {
    if (p.kind === 'month') return `${y}年${mo + 1}月（UTC）`;
    if (p.kind === 'quarter') return `${y}年第${mo / 3 + 1}四半期（${mo + 1}月〜${mo + 3}月、UTC）`;
    return `${y}年${mo + 1}月${d.getUTCDate()}日〜${last.getUTCMonth() + 1}月${last.getUTCDate()}日（${p.code}、UTC）`;
  }
  if (p.kind === 'month') return `${EN_MONTHS[mo]} ${y} (UTC)`;
  if (p.kind === 'quarter') return `Q${mo / 3 + 1} ${y} (${EN_MONTHS[mo]}–${EN_MONTHS[mo + 2]}, UTC)`;
  return `${d.getUTCDate()} ${EN_MONTHS[mo]} – ${last.getUTCDate()} ${EN_MONTHS[last.getUTCMonth()]} ${last.getUTCFullYear()} (${p.code}, UTC)`;
}

/** A short period name for citation lines: `2026年11月`, `November 2026`. */
export function periodShort(p: PeriodRange, lang: 'ja' | 'en'): string {
  return periodLabel(p, lang).replace(/（UTC）$| \(UTC\)$/, '');
}
