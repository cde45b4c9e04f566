/** Sorting and filtering of the results table, kept pure so it can be tested and memoised. */
import type { ValueResult } from '../../contracts/hub-api.ts';
import { totalHits } from './search-state.ts';

export type SortKey = { by: 'value' | 'type' | 'total' | 'country' } | { by: 'member'; member: string };
export interface ResultFilter {
  /** Members whose columns count; empty = all. */
  members: string[];
  /** Indicator types shown; empty = all. */
  types: string[];
  onlyHits: boolean;
  text: string;
}

export const NO_FILTER: ResultFilter = { members: [], types: [], onlyHits: false, text: '' };

/** Hits of a row restricted to the chosen members. */
export function hitsIn(row: ValueResult, members: string[]): number {
  if (members.length === 0) return totalHits(row);
  let n = 0;
  for (const m of members) n += row.hits[m] ?? 0;
  return n;
}

/** Filters, then sorts (stable); `dir` 1 ascending, -1 descending. */
export function filterAndSort(rows: ValueResult[], f: ResultFilter, sort: SortKey, dir: 1 | -1): ValueResult[] {
  const text = f.text.trim().toLowerCase();
  const types = new Set(f.types);
  const out = rows.filter(
    (r) =>
      (types.size === 0 || types.has(r.type)) &&
      (!f.onlyHits || hitsIn(r, f.members) > 0) &&
      (!text || r.value.toLowerCase().includes(text) || r.input.toLowerCase().includes(text)),
  );
  const key = (r: ValueResult): string | number => {
    switch (sort.by) {
      case 'value':
        return r.value;
      case 'type':
        return r.type;
      case 'total':
        return hitsIn(r, f.members);
      case 'country':
        return r.enrichment?.country ?? '';
      case 'member':
        return r.hits[sort.member] ?? 0;
    }
  };
  const keyed = out.map((r, i) => ({ r, i, k: key(r) }));
  keyed.sort((a, b) => {
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return c !== 0 ? c * dir : a.i - b.i;
  });
  return keyed.map((x) => x.r);
}

/** Bucket for values without a known country; the chart shows it under a translated label. */
export const UNKNOWN_COUNTRY = '?';

/** IP values (`ip-dst`, `ip-src`, `ip-dst|port`, …): the only ones a country belongs to. */
export function isIpType(type: string): boolean {
  return type.startsWith('ip-');
}

/** Counts for the charts: hits per member, per type, and per country of IP values only (a domain has no country). */
export function chartCounts(rows: ValueResult[]) {
  const perMember: Record<string, number> = {};
  const perType: Record<string, number> = {};
  const perCountry: Record<string, number> = {};
  for (const r of rows) {
    const total = totalHits(r);
    if (total === 0) continue;
    for (const [m, n] of Object.entries(r.hits)) perMember[m] = (perMember[m] ?? 0) + n;
    perType[r.type] = (perType[r.type] ?? 0) + total;
    if (!isIpType(r.type)) continue;
    const c = r.enrichment?.country ?? UNKNOWN_COUNTRY;
    perCountry[c] = (perCountry[c] ?? 0) + total;
  }
  return { perMember, perType, perCountry };
}
