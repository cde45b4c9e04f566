import { RenkeiError } from '../../core/errors.ts';

/** A MISP filter after parsing: values any of which may match (`or`) and values that must not (`not`). */
export interface Filter {
  or: string[];
  not: string[];
  /** Values all of which must match (`{"AND":[…]}`), for parameters parsed with `{ and: true }` (tags). */
  and?: string[];
}

const scalar = (param: string, v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw new RenkeiError('validation_failed', `parameter "${param}": expected strings or numbers, got ${v === null ? 'null' : typeof v}`, { parameter: param });
};

function addTo(f: Filter, param: string, v: unknown, negate: boolean): void {
  const s = scalar(param, v);
  if (s.startsWith('!')) (negate ? f.or : f.not).push(s.slice(1));
  else (negate ? f.not : f.or).push(s);
}

function addList(f: Filter, param: string, v: unknown, negate: boolean): void {
  if (Array.isArray(v)) for (const x of v) addTo(f, param, x, negate);
  else if (v !== null && v !== undefined) addTo(f, param, v, negate);
}

/**
 * Parses a MISP filter value (`Event::set_filter_value`): a scalar, a list, `{"OR":[…],"NOT":[…]}`, a
 * `!`-prefixed negation, or an `a&&!b` string. `AND` lists (PyMISP `build_complex_query(and_parameters=…)`)
 * are kept for parameters that allow them (`opts.and`, tags); elsewhere they are a 400 rather than ignored.
 */
export function parseFilter(param: string, v: unknown, opts: { and?: boolean } = {}): Filter {
  const f: Filter = { or: [], not: [] };
  if (v === undefined || v === null || v === '') return f;
  if (typeof v === 'string' && v.includes('&&')) {
    const parts = v.split('&&').filter((p) => p !== '');
    if (parts.filter((p) => !p.startsWith('!')).length > 1) throw new RenkeiError('validation_failed', `parameter "${param}": AND filters are not supported`, { parameter: param });
    for (const p of parts) addTo(f, param, p, false);
    return f;
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, list] of Object.entries(v as Record<string, unknown>)) {
      const op = k.toUpperCase();
      if (op === 'OR') addList(f, param, list, false);
      else if (op === 'NOT') addList(f, param, list, true);
      else if (op === 'AND') {
        const n = Array.isArray(list) ? list.length : list === null || list === undefined ? 0 : 1;
        if (opts.and && n > 0) {
          const all: Filter = { or: [], not: [] };
          addList(all, param, list, false);
          f.and = [...(f.and ?? []), ...all.or];
          f.not.push(...all.not);
        } else if (n > 1) throw new RenkeiError('validation_failed', `parameter "${param}": AND filters are not supported (only tags take AND)`, { parameter: param });
        else addList(f, param, list, false);
      } else throw new RenkeiError('validation_failed', `parameter "${param}": unknown operator "${k}" (use OR, NOT)`, { parameter: param });
    }
    return f;
  }
  addList(f, param, v, false);
  return f;
}

/** MISP booleans: 0/1, "0"/"1", true/false; "" or null mean "either". */
export function parseBool(param: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  throw new RenkeiError('validation_failed', `parameter "${param}": expected 0 or 1`, { parameter: param });
}

/** A positive integer given as a number or a numeric string. */
export function parsePositiveInt(param: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new RenkeiError('validation_failed', `parameter "${param}": expected a whole number from 1 to ${max}`, { parameter: param });
  return n;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** One MISP time value (`AppModel::resolveTimeDelta`): epoch seconds, `7d`/`24h`/`30m`, or a date. */
export function resolveTime(param: string, v: unknown, now: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.floor(v);
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^\d+$/.test(t)) return Number(t);
    const m = /^(\d+)([smhdw])$/.exec(t);
    if (m) return now - Number(m[1]) * UNITS[m[2]!]!;
    if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(t)) {
      const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
      if (Number.isFinite(ms)) return Math.floor(ms / 1000);
    }
  }
  throw new RenkeiError('validation_failed', `parameter "${param}": expected epoch seconds, a duration such as 7d, or a date`, { parameter: param });
}

/** A time filter: one value (lower bound) or a `[from, to]` pair. */
export function resolveTimeRange(param: string, v: unknown, now: number): { from?: number; to?: number } {
  if (v === undefined || v === null || v === '') return {};
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new RenkeiError('validation_failed', `parameter "${param}": a range is [from, to]`, { parameter: param });
    return { from: resolveTime(param, v[0], now), to: resolveTime(param, v[1], now) };
  }
  return { from: resolveTime(param, v, now) };
}

/** An event date bound as YYYY-MM-DD (MISP `from`/`to`). */
export function resolveDate(param: string, v: unknown, now: number): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return v.trim();
  return new Date(resolveTime(param, v, now) * 1000).toISOString().slice(0, 10);
}
