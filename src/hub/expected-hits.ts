/**
 * Test helper: the hits the demo world holds for each sample value, by construction (community-visible
 * events only; TLP:RED stays home), as sorted `member attribute-uuid event-uuid` lines per value.
 */
import type { SearchResult } from '../contracts/hub-api.ts';
import type { DemoWorld } from './demo/world.ts';

/** value → sorted hit lines of the named members (all members when absent). */
export function expectedHits(world: DemoWorld, members?: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const sample = new Set(world.sample);
  for (const m of world.members) {
    if (members && !members.includes(m.name)) continue;
    for (const e of m.events) {
      if (e.tags.some((t) => t.name === 'tlp:red')) continue;
      for (const a of e.attributes) {
        if (!sample.has(a.value)) continue;
        out.set(a.value, [...(out.get(a.value) ?? []), `${m.name} ${a.uuid} ${e.uuid}`]);
      }
    }
  }
  for (const v of out.values()) v.sort();
  return out;
}

/** The same shape read from a search result: every hit under the value it was reported for. */
export function reportedHits(r: SearchResult): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of r.results) {
    if (row.details.length === 0) continue;
    out.set(row.value, row.details.map((d) => `${d.member} ${d.attribute.uuid} ${d.event.uuid}`).sort());
  }
  return out;
}

/** Hits whose attribute does not hold the value they are reported under (empty when all is well). */
export function misplacedHits(r: SearchResult): string[] {
  const bad: string[] = [];
  for (const row of r.results) {
    for (const d of row.details) {
      const ok = d.match === 'exact' ? d.attribute.value.toLowerCase() === row.value.toLowerCase() : d.attribute.value.toLowerCase().split('|').includes(row.value.toLowerCase());
      if (!ok) bad.push(`${row.value} ← ${d.member} ${d.match} ${d.attribute.value}`);
    }
  }
  return bad;
}
