/**
 * Conflicting address-space claims, for a hub admin to settle: the same prefix claimed by different
 * owners, or one owner's prefix inside another owner's. Claims of one owner never conflict with each other.
 */
import { compareSpans, type Span } from './flatten.ts';
import { entryPrefix, type RejectedEntry } from './prefix-table.ts';
import { formatPrefix, prefixEnd, prefixStart, type Prefix } from './prefix.ts';

/** A claim on a prefix by an owner (a member). */
export interface Claim {
  prefix: string | Prefix;
  owner: string;
}

/** Two or more owners claim exactly the same prefix. `claims` are input positions, in input order. */
export interface SamePrefixConflict {
  kind: 'same_prefix';
  prefix: string;
  claims: number[];
  owners: string[];
}

/** One owner's prefix lies inside another owner's; the inner (more specific) claim wins where they overlap. */
export interface NestedConflict {
  kind: 'nested';
  /** The more specific prefix and its claim. */
  inner: { prefix: string; claim: number; owner: string };
  /** The covering prefix and its claim. */
  outer: { prefix: string; claim: number; owner: string };
}

export type ClaimConflict = SamePrefixConflict | NestedConflict;

interface Group {
  span: Span;
  text: string;
  claims: number[];
}

/**
 * Finds every conflict among `claims` in O(n log n + conflicts): prefixes are sorted so each one follows
 * those that contain it, and a stack holds the chain of prefixes containing the current one.
 * Output is ordered by family, address and length; unparsable claims are returned in `rejected`.
 */
export function findClaimConflicts(claims: readonly Claim[]): { conflicts: ClaimConflict[]; rejected: RejectedEntry[] } {
  const rejected: RejectedEntry[] = [];
  const families: [Span[], Span[]] = [[], []];
  const texts = new Map<number, string>();
  claims.forEach((c, index) => {
    const p = entryPrefix(c.prefix);
    if ('error' in p) {
      rejected.push({ index, input: typeof c.prefix === 'string' ? c.prefix : JSON.stringify(c.prefix), reason: p.error });
      return;
    }
    texts.set(index, formatPrefix(p));
    families[p.version === 4 ? 0 : 1].push({ start: prefixStart(p), end: prefixEnd(p), length: p.length, entry: index });
  });
  const conflicts: ClaimConflict[] = [];
  for (const spans of families) {
    spans.sort(compareSpans);
    const groups: Group[] = [];
    for (const s of spans) {
      const last = groups[groups.length - 1];
      if (last && last.span.start === s.start && last.span.length === s.length) last.claims.push(s.entry);
      else groups.push({ span: s, text: texts.get(s.entry)!, claims: [s.entry] });
    }
    const stack: Group[] = [];
    for (const g of groups) {
      while (stack.length > 0 && stack[stack.length - 1]!.span.end < g.span.start) stack.pop();
      const owners = [...new Set(g.claims.map((i) => claims[i]!.owner))];
      if (owners.length > 1) conflicts.push({ kind: 'same_prefix', prefix: g.text, claims: g.claims, owners });
      for (const outer of stack) {
        for (const o of outer.claims) {
          for (const i of g.claims) {
            if (claims[o]!.owner === claims[i]!.owner) continue;
            conflicts.push({
              kind: 'nested',
              inner: { prefix: g.text, claim: i, owner: claims[i]!.owner },
              outer: { prefix: outer.text, claim: o, owner: claims[o]!.owner },
            });
          }
        }
      }
      stack.push(g);
    }
  }
  return { conflicts, rejected };
}
