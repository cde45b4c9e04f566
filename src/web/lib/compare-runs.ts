/** Two runs of the same list: which values hit now and did not before, and which no longer hit. */
import type { SearchResult } from '../../contracts/hub-api.ts';

export interface RunChange {
  type: string;
  value: string;
  /** Members with hits for the value in the run where it hit. */
  members: string[];
}

const key = (r: { type: string; value: string }): string => `${r.type}\u0000${r.value}`;
const hitMembers = (r: SearchResult['results'][number]): string[] => [...new Set(r.details.map((d) => d.member))].sort();

/** True when both runs searched the same values (order and rejected inputs aside). */
export function sameValues(a: SearchResult, b: SearchResult): boolean {
  if (a.results.length !== b.results.length) return false;
  const s = new Set(a.results.map(key));
  return b.results.every((r) => s.has(key(r)));
}

/** `newHits`: values with hits in `later` and none in `earlier`; `goneHits` the reverse. Sorted by type, value. */
export function compareRuns(earlier: SearchResult, later: SearchResult): { newHits: RunChange[]; goneHits: RunChange[] } {
  const hitIn = (r: SearchResult): Map<string, RunChange> =>
    new Map(r.results.filter((x) => x.details.length > 0).map((x) => [key(x), { type: x.type, value: x.value, members: hitMembers(x) }]));
  const before = hitIn(earlier);
  const after = hitIn(later);
  const order = (a: RunChange, b: RunChange): number => a.type.localeCompare(b.type) || a.value.localeCompare(b.value);
  return {
    newHits: [...after].filter(([k]) => !before.has(k)).map(([, v]) => v).sort(order),
    goneHits: [...before].filter(([k]) => !after.has(k)).map(([, v]) => v).sort(order),
  };
}
