/**
 * Searcher side, last step: per searched value, the attributes whose hit contexts came back for its
 * inputs, filtered to the enabled match kinds, strongest kind per attribute (exact > composite > url-host >
 * subdomain > cidr, as in the plain search).
 */
import type { MatchKind } from '../matching/lookup-types.ts';
import type { Expansion, InputRef } from './expand.ts';
import { blockContains, parseBlock } from './ip-prefix.ts';

/** The part of a hit context classification needs (the wire type has more). */
export interface ContextLike {
  match: MatchKind;
  attribute: { uuid: string; type: string; value: string };
}

const STRENGTH: Record<MatchKind, number> = { exact: 5, composite: 4, 'url-host': 3, subdomain: 2, cidr: 1 };
const KEY_MATCHES = new Set<MatchKind>(['exact', 'composite', 'url-host']);

/** The address or range an attribute carries (whole value or one half of a composite). */
function attributeBlock(value: string) {
  return parseBlock(value) ?? value.split('|').map(parseBlock).find((b) => b !== null) ?? null;
}

/** The kind a context counts as for this input (as the plain classifier would say), or null if it does not fit. */
function fit(ref: InputRef, c: ContextLike, kinds: ReadonlySet<MatchKind>): MatchKind | null {
  const kind = matchFor(ref, c);
  return kind !== null && kinds.has(kind) ? kind : null;
}

function matchFor(ref: InputRef, c: ContextLike): MatchKind | null {
  if (ref.kind === 'exact') {
    if (!KEY_MATCHES.has(c.match)) return null;
    if (ref.via === 'url-host') return 'url-host';
    if (ref.via === 'half') return c.match === 'url-host' ? 'url-host' : 'composite';
    return c.match;
  }
  if (ref.kind === 'subdomain') return c.match === 'subdomain' ? 'subdomain' : null;
  if (c.match !== 'cidr') return null;
  if (!ref.within) return 'cidr';
  // A marker coarser than the searched range: keep only what lies inside the range itself.
  const b = attributeBlock(c.attribute.value);
  return b !== null && blockContains(ref.within, b) ? 'cidr' : null;
}

/**
 * Hits per value (same length as the searched values). `contexts` maps an input index of `expansion` to
 * the contexts a node returned for it.
 */
export function classifyBlindHits<C extends ContextLike>(
  valueCount: number,
  expansion: Expansion,
  contexts: ReadonlyMap<number, readonly C[]>,
  kinds: Iterable<MatchKind>,
): C[][] {
  const on = new Set(kinds);
  const best: Array<Map<string, C>> = Array.from({ length: valueCount }, () => new Map());
  for (const [input, list] of contexts) {
    for (const ref of expansion.refs[input] ?? []) {
      for (const c of list) {
        const kind = fit(ref, c, on);
        if (kind === null) continue;
        const m = best[ref.value]!;
        const prev = m.get(c.attribute.uuid);
        if (!prev || STRENGTH[kind] > STRENGTH[prev.match]) m.set(c.attribute.uuid, kind === c.match ? c : { ...c, match: kind });
      }
    }
  }
  return best.map((m) => [...m.values()].sort((a, b) => (a.attribute.uuid < b.attribute.uuid ? -1 : a.attribute.uuid > b.attribute.uuid ? 1 : 0)));
}
