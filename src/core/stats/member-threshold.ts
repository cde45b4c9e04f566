/**
 * The hub's threshold over members: a community figure is shown only when at least k distinct members
 * contributed to it, so no total can be traced back to one or two members' traffic. (Agents apply the
 * same idea to distinct sources before anything leaves a member.) Every statistics view uses this file.
 */

/** Default k: the fewest members that must stand behind a community figure. */
export const DEFAULT_MIN_MEMBERS = 3;

/** Default k of agents: the fewest distinct sources behind a row they share (the hub refuses less). */
export const DEFAULT_MIN_SOURCES = 3;

/** What a view left out of one bucket. */
export interface Withheld {
  /** How many figures (keys) were withheld. */
  items: number;
  /** Their events together; null when they come from fewer than k members in all (the sum would reveal them). */
  events: number | null;
}

/** What a figure rests on: its events and the members that reported them. */
export interface Backing {
  events: number;
  members: ReadonlySet<string>;
}

/**
 * The k of a view: community totals need `minMembers`; a view restricted to one member's own rows is
 * that member's own data (seen by itself, or by others only after it opted in), so nothing is withheld.
 */
export function thresholdFor(member: string | undefined, minMembers: number): number {
  return member === undefined ? minMembers : 1;
}

/** True when a figure backed by `members` distinct members must not be shown (0 members reveals no one). */
export function isWithheld(members: number, k: number): boolean {
  return members > 0 && members < k;
}

/** Splits the figures of one bucket into those shown (order kept) and a summary of those withheld. */
export function suppressFigures<T>(figures: Iterable<T>, backing: (f: T) => Backing, k: number): { shown: T[]; withheld: Withheld } {
  const shown: T[] = [];
  const who = new Set<string>();
  let items = 0;
  let events = 0;
  for (const f of figures) {
    const b = backing(f);
    if (!isWithheld(b.members.size, k)) {
      shown.push(f);
      continue;
    }
    items++;
    events += b.events;
    for (const m of b.members) who.add(m);
  }
  return { shown, withheld: { items, events: items === 0 ? 0 : who.size >= k ? events : null } };
}

/** Adds up the withheld summaries of several buckets; one undisclosed sum makes the total undisclosed. */
export function combineWithheld(parts: Iterable<Withheld>): Withheld {
  let items = 0;
  let events: number | null = 0;
  for (const w of parts) {
    items += w.items;
    events = events === null || w.events === null ? null : events + w.events;
  }
  return { items, events };
}
