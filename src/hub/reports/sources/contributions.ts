/** Helpers for section sources: per-period contribution maps (member → count) from grouped rows. */
import type { PeriodRange } from '../../../core/reports/period.ts';

/** contributions[periodIndex][rowKey][contributor] = count; index 0 is the report's period. */
export type PeriodContributions = Array<Map<string, Map<string, number>>>;

/** Index of the period holding `at` (same unit as the ranges' from/to) in [current, ...history], or -1. */
export function periodIndex(periods: readonly PeriodRange[], at: number, unitPerSecond = 1): number {
  for (let i = 0; i < periods.length; i++) if (at >= periods[i]!.from * unitPerSecond && at < periods[i]!.to * unitPerSecond) return i;
  return -1;
}

/** Adds `n` for (period, row, contributor). */
export function add(acc: PeriodContributions, i: number, row: string, who: string, n: number): void {
  let m = acc[i]!.get(row);
  if (!m) acc[i]!.set(row, (m = new Map()));
  m.set(who, (m.get(who) ?? 0) + n);
}

export const emptyContributions = (n: number): PeriodContributions => Array.from({ length: n }, () => new Map());

/** A row's contributions as a plain record (what core/reports takes). */
export const asRecord = (m: Map<string, number> | undefined): Record<string, number> => Object.fromEntries(m ?? []);

/** Sum of a row's contributions. */
export const sumOf = (m: Map<string, number> | undefined): number => [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);
