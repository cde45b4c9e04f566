/**
 * Two runs of a list compared hit by hit: a hit is one member's attribute matching one value, so a value
 * that still hits but now in another member's (or another event's) data shows as one new and one gone hit.
 * Only values both runs searched, and only members that answered in both runs, are compared: a member that
 * timed out once would otherwise look as if all its hits went away and came back.
 */

/** The part of a stored search result the comparison reads (structural, so core needs no wire schema). */
export interface RunShape {
  /** Member statuses; members absent here count as answered. */
  members?: ReadonlyArray<{ name: string; status: string }>;
  results: ReadonlyArray<{
    type: string;
    value: string;
    details: ReadonlyArray<{ member: string; match: string; attribute: { uuid: string }; event: { uuid: string; info: string } }>;
  }>;
}

export interface HitChange {
  type: string;
  value: string;
  member: string;
  attributeUuid: string;
  eventUuid: string;
  eventInfo: string;
  match: string;
}

export interface RunDiff {
  newHits: HitChange[];
  goneHits: HitChange[];
  /** Hits present in both runs. */
  kept: number;
  /** Values searched by only one of the runs (not compared). */
  onlyEarlier: number;
  onlyLater: number;
  /** Members left out because they did not answer in one of the runs (sorted). */
  skippedMembers: string[];
}

const ANSWERED = new Set(['ok', 'truncated']);

const valueKey = (r: { type: string; value: string }): string => `${r.type}\u0000${r.value}`;
const hitKey = (c: HitChange): string => `${c.type}\u0000${c.value}\u0000${c.member}\u0000${c.attributeUuid}`;

function hitsOf(run: RunShape, values: ReadonlySet<string>, skipped: ReadonlySet<string>): Map<string, HitChange> {
  const out = new Map<string, HitChange>();
  for (const r of run.results) {
    if (!values.has(valueKey(r))) continue;
    for (const d of r.details) {
      if (skipped.has(d.member)) continue;
      const c: HitChange = { type: r.type, value: r.value, member: d.member, attributeUuid: d.attribute.uuid, eventUuid: d.event.uuid, eventInfo: d.event.info, match: d.match };
      // The same attribute matching twice (two match kinds) is one hit.
      if (!out.has(hitKey(c))) out.set(hitKey(c), c);
    }
  }
  return out;
}

const order = (a: HitChange, b: HitChange): number =>
  a.type < b.type ? -1 : a.type > b.type ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : a.member < b.member ? -1 : a.member > b.member ? 1 : a.attributeUuid < b.attributeUuid ? -1 : a.attributeUuid > b.attributeUuid ? 1 : 0;

/** `newHits`: hits of `later` that `earlier` did not have; `goneHits` the reverse. Sorted by type, value, member, attribute. */
export function diffRuns(earlier: RunShape, later: RunShape): RunDiff {
  const a = new Set(earlier.results.map(valueKey));
  const b = new Set(later.results.map(valueKey));
  const both = new Set([...a].filter((k) => b.has(k)));
  const skipped = new Set([...(earlier.members ?? []), ...(later.members ?? [])].filter((m) => !ANSWERED.has(m.status)).map((m) => m.name));
  const before = hitsOf(earlier, both, skipped);
  const after = hitsOf(later, both, skipped);
  return {
    newHits: [...after].filter(([k]) => !before.has(k)).map(([, v]) => v).sort(order),
    goneHits: [...before].filter(([k]) => !after.has(k)).map(([, v]) => v).sort(order),
    kept: [...after.keys()].filter((k) => before.has(k)).length,
    onlyEarlier: a.size - both.size,
    onlyLater: b.size - both.size,
    skippedMembers: [...skipped].sort(),
  };
}
