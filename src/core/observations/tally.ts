/**
 * Aggregated answers: counts over distinct organisations, released only once at least `k` organisations
 * answered, so no single answer can be singled out by watching the tally move.
 */

export const RESPONSE_KINDS = ['seen', 'not-seen', 'false-positive', 'acted'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** A tally as a non-author reader gets it: withheld below k. */
export type Tally<K extends string> =
  | { released: true; respondents: number; counts: Record<K, number> }
  | { released: false; respondents: null; counts: null; needed: number };

/** Counts one latest answer per organisation (`answers` holds each organisation's latest answer key). */
export function tallyAnswers<K extends string>(keys: readonly K[], answers: readonly K[], k: number): Tally<K> {
  if (answers.length < k) return { released: false, respondents: null, counts: null, needed: k };
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const a of answers) counts[a] = (counts[a] ?? 0) + 1;
  return { released: true, respondents: answers.length, counts };
}
