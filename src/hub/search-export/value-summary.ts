/** What one searched value's hits add up to, for every export format: members, match kinds, tags, TLP, dates. */
import type { ValueResult } from '../../contracts/hub-api.ts';
import { stricterTlp, tlpFromTag, type Tlp } from '../../core/sharing/tlp.ts';

export interface ValueSummary {
  row: ValueResult;
  members: string[];
  matchKinds: string[];
  /** Event and attribute tags of every hit, TLP tags excluded (TLP has its own column). */
  tags: string[];
  /** The strictest TLP among the hits' tags (an export never loosens what an owner set). */
  tlp: Tlp | null;
  firstSeen: string | null;
  lastSeen: string | null;
  comments: string[];
  events: { member: string; uuid: string; info: string }[];
  toIds: boolean;
  category: string | null;
}

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** Sums up a row's hits; dates are ISO strings (first-seen the earliest, last-seen the latest). */
export function summarise(row: ValueResult): ValueSummary {
  let tlp: Tlp | null = null;
  let first: string | null = null;
  let last: string | null = null;
  const tags: string[] = [];
  const events = new Map<string, { member: string; uuid: string; info: string }>();
  for (const d of row.details) {
    for (const t of [...d.event.tags, ...d.attribute.tags]) {
      const level = tlpFromTag(t);
      if (level) tlp = stricterTlp(tlp, level);
      else tags.push(t);
    }
    const seenFirst = d.attribute.firstSeen;
    const seenLast = d.attribute.lastSeen ?? new Date(d.attribute.timestamp * 1000).toISOString();
    if (seenFirst && (first === null || seenFirst < first)) first = seenFirst;
    if (last === null || seenLast > last) last = seenLast;
    events.set(`${d.member}\u0000${d.event.uuid}`, { member: d.member, uuid: d.event.uuid, info: d.event.info });
  }
  return {
    row,
    members: sortedUnique(row.details.map((d) => d.member)),
    matchKinds: sortedUnique(row.details.map((d) => d.match)),
    tags: sortedUnique(tags),
    tlp,
    firstSeen: first,
    lastSeen: last,
    comments: sortedUnique(row.details.map((d) => d.attribute.comment).filter((c) => c !== '')),
    events: [...events.values()],
    toIds: row.details.some((d) => d.attribute.toIds),
    category: row.details[0]?.attribute.category ?? null,
  };
}
