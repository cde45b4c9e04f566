/**
 * The ISP's host view: per (prefix, category), distinct hosts and events per UTC day over a window, and the
 * trend (hosts in the recent half of the window against the earlier half).
 */

export const DAY_MS = 86_400_000;

/** Hosts and events of one (prefix, category) on one day, as the store counts them. */
export interface HostDayCount {
  prefix: string;
  category: string;
  /** Day number (ms since epoch / DAY_MS). */
  day: number;
  hosts: number;
  events: number;
}

export interface HostSeries {
  prefix: string;
  category: string;
  /** One entry per day of the window, oldest first. */
  hosts: number[];
  events: number[];
  /** Distinct (host, day) pairs in the recent half minus those in the earlier half. */
  change: number;
  trend: 'up' | 'down' | 'flat';
}

/**
 * Builds the series for days `firstDay`…`lastDay` (inclusive); counts outside are ignored. Sorted by
 * recent-half hosts (most first), then prefix and category.
 */
export function hostSeries(counts: readonly HostDayCount[], firstDay: number, lastDay: number): HostSeries[] {
  const n = lastDay - firstDay + 1;
  if (n <= 0) return [];
  const byKey = new Map<string, HostSeries>();
  for (const c of counts) {
    if (c.day < firstDay || c.day > lastDay) continue;
    const key = `${c.prefix}\t${c.category}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { prefix: c.prefix, category: c.category, hosts: new Array<number>(n).fill(0), events: new Array<number>(n).fill(0), change: 0, trend: 'flat' }));
    s.hosts[c.day - firstDay]! += c.hosts;
    s.events[c.day - firstDay]! += c.events;
  }
  // The earlier half is the first floor(n/2) days; an odd middle day belongs to the recent half.
  const split = Math.floor(n / 2);
  const recent = (s: HostSeries) => s.hosts.slice(split).reduce((a, b) => a + b, 0);
  for (const s of byKey.values()) {
    const earlier = s.hosts.slice(0, split).reduce((a, b) => a + b, 0);
    s.change = recent(s) - earlier;
    s.trend = s.change > 0 ? 'up' : s.change < 0 ? 'down' : 'flat';
  }
  return [...byKey.values()].sort((a, b) => recent(b) - recent(a) || a.prefix.localeCompare(b.prefix) || a.category.localeCompare(b.category));
}
