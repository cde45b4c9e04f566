/**
 * The search box of the observation feed: whitespace-separated terms, every one of which must occur in the
 * title or body (as a substring, so Japanese text without word breaks is found too).
 */

/** Most terms one search uses; more would only slow the query. */
export const MAX_TEXT_TERMS = 8;

/** Trigram indexes need this many characters in a term; shorter ones are matched by a scan. */
export const TRIGRAM = 3;

/** Lower-cased distinct terms of a search text, at most `MAX_TEXT_TERMS`. */
export function textTerms(text: string): string[] {
  const terms = text.normalize('NFKC').toLowerCase().split(/\s+/u).filter((t) => t.length > 0);
  return [...new Set(terms)].slice(0, MAX_TEXT_TERMS);
}

/** Length in characters (code points), as the trigram tokenizers count. */
export const charLength = (s: string): number => [...s].length;
