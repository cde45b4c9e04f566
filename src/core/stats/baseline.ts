/**
 * Baseline and deviation maths: a key's current per-sensor level against the same hour-of-week over the
 * previous N weeks, scored with a robust z-score (median / MAD), so one noisy week cannot hide or fake a spike.
 */

/** Median of a non-empty list (0 for empty). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** How the current value compares with its history. */
export type Level = 'no_baseline' | 'new' | 'low' | 'normal' | 'elevated' | 'large';

/** The result of comparing one key's current value with its history. */
export interface Deviation {
  current: number;
  median: number;
  /** current / median (null when the median is 0). */
  ratio: number | null;
  /** Robust z-score: (current − median) / max(1.4826·MAD, 0.2·median, 0.5). */
  z: number;
  level: Level;
  weeks: number;
}

/** Minimum history (weeks with sensor coverage) before a comparison is made. */
export const MIN_WEEKS = 2;

/** Compares `current` with `history` (same hour-of-week in previous weeks, per-sensor values). */
export function deviation(current: number, history: readonly number[]): Deviation {
  const weeks = history.length;
  const m = median(history);
  const scale = Math.max(1.4826 * mad(history), 0.2 * m, 0.5);
  const z = (current - m) / scale;
  const ratio = m > 0 ? current / m : null;
  let level: Level;
  if (weeks < MIN_WEEKS) level = 'no_baseline';
  else if (m === 0) level = current > 0 ? (z >= 3.5 ? 'new' : 'normal') : 'normal';
  else if (z >= 3.5 && ratio !== null && ratio >= 2) level = 'large';
  else if (z >= 2) level = 'elevated';
  else if (z <= -2) level = 'low';
  else level = 'normal';
  return { current, median: m, ratio, z: Math.round(z * 100) / 100, level, weeks };
}

/** Sorts by deviation, largest first (no-baseline entries last). */
export function rankDeviations<T extends { deviation: Deviation }>(items: T[]): T[] {
  return [...items].sort((a, b) => {
    const na = a.deviation.level === 'no_baseline' ? 1 : 0;
    const nb = b.deviation.level === 'no_baseline' ? 1 : 0;
    return na - nb || b.deviation.z - a.deviation.z || b.deviation.current - a.deviation.current;
  });
}
