/**
 * Downtime from a case timeline: the union of outage intervals (overlaps counted once), an open
 * interval running until `now`.
 */

/** One outage: start and end as epoch milliseconds; `end` null while it lasts. */
export interface Outage {
  start: number;
  end: number | null;
}

/** Total milliseconds covered by the outages (overlapping or touching ones merged); 0 for none. */
export function downtimeMs(outages: readonly Outage[], now: number): number {
  const spans = outages
    .map((o) => [o.start, o.end ?? now] as const)
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s, e] of spans) {
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}
