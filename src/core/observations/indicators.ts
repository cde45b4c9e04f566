/** Indicators on an observation or a room post, normalised by `core/indicators` so one click finds them all. */
import { normalize } from '../indicators/normalize.ts';
import type { ItemIndicator } from './model.ts';

/** Most indicators one item carries; bulk data goes through the node, not a post. */
export const MAX_ITEM_INDICATORS = 1000;

export interface IndicatorProblem {
  /** Position in the submitted list. */
  index: number;
  input: string;
  reason: string;
}

/**
 * Normalises raw indicator strings; duplicates (after normalisation) are kept once. Every unreadable value
 * is reported with its position, so the sender can fix them all in one go.
 */
export function normaliseItemIndicators(raw: readonly string[]): { indicators: ItemIndicator[]; problems: IndicatorProblem[] } {
  const indicators: ItemIndicator[] = [];
  const problems: IndicatorProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((input, index) => {
    const n = normalize(input);
    if (!n.ok) {
      problems.push({ index, input, reason: n.error });
      return;
    }
    const key = `${n.type}\u0000${n.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    indicators.push({ type: n.type, value: n.value });
  });
  return { indicators, problems };
}

/** The canonical value to look an indicator up by (the search box and the one-click link use this). */
export function indicatorLookupValue(raw: string): string | null {
  const n = normalize(raw);
  return n.ok ? n.value : null;
}
