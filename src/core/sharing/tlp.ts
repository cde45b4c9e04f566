import type { Tag } from '../model/event.ts';

/** TLP 2.0 levels plus the TLP 1.0 alias `white` (treated as `clear`), ordered from least to most restrictive. */
export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

const RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/** Parses a tag name such as `tlp:amber+strict` or `TLP:WHITE`; other tags give `null`. */
export function tlpFromTag(name: string): Tlp | null {
  const m = /^tlp:\s*"?([a-z+]+)"?$/i.exec(name.trim());
  if (!m) return null;
  const level = m[1]!.toLowerCase();
  if (level === 'white') return 'clear';
  if (level in RANK) return level as Tlp;
  return null;
}

/** The most restrictive TLP among tags, or `null` when none is set. */
export function tlpOf(tags: readonly Tag[]): Tlp | null {
  let best: Tlp | null = null;
  for (const t of tags) {
    const level = tlpFromTag(t.name);
    if (level && (best === null || RANK[level] > RANK[best])) best = level;
  }
  return best;
}

/** The stricter of two TLP levels (null = unset). */
export function stricterTlp(a: Tlp | null, b: Tlp | null): Tlp | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `level` is at most `ceiling` (e.g. an export limited to `--tlp green`). */
export function tlpAtMost(level: Tlp | null, ceiling: Tlp): boolean {
  return RANK[level ?? 'clear'] <= RANK[ceiling];
}

/**
 * TLP:RED never leaves its organisation: nothing RED goes to the hub, not even in answer to the owner's own
 * cross-search (the hub is another organisation's infrastructure and keeps search history). The owner
 * sees its RED data on its own node.
 */
export function mayLeaveOrganisation(level: Tlp | null): boolean {
  return level !== 'red';
}

export const TLP_LEVELS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
