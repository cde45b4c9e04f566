/**
 * When a watched list runs again. A run sets the next one `interval` after it started, so a hub that was
 * down for several intervals runs a due watch once when it is back, not once per missed interval.
 */

export const HOUR_MS = 3_600_000;
/** Allowed intervals: hourly to every 30 days; daily by default. */
export const WATCH_MIN_HOURS = 1;
export const WATCH_MAX_HOURS = 720;
export const WATCH_DEFAULT_HOURS = 24;
/** A claimed run that did not finish (the hub stopped mid-run) is retried after this long. */
export const WATCH_LEASE_MS = 15 * 60_000;

/** The next run after one that started at `startedAt`. */
export function nextRunAfter(startedAt: number, intervalHours: number): number {
  return startedAt + intervalHours * HOUR_MS;
}

/** True when the watch should run at `now`. */
export function isDue(w: { enabled: boolean; nextRunAt: number }, now: number): boolean {
  return w.enabled && w.nextRunAt <= now;
}

/** Who may change, pause, run or delete a watch of their organisation: its owner, or an admin of the organisation. */
export function managesOrgWatches(role: 'hub-admin' | 'member-admin' | 'analyst'): boolean {
  return role !== 'analyst';
}
