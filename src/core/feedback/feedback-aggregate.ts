/**
 * What later searchers see on a hit: how many members saw it, called it a false positive or expired it
 * ("seen by 3 members, 1 false positive"). Members are counted, not clicks: one organisation marking a
 * value seen twice counts once. Anonymous feedback is counted by an opaque key, never named.
 */
import type { FeedbackKind } from './feedback-kind.ts';

export interface FeedbackVote {
  kind: FeedbackKind;
  /** A stable key per giving organisation (the hub uses the org id); never shown. */
  memberKey: string;
}

export interface FeedbackAggregate {
  seen: number;
  falsePositive: number;
  expired: number;
}

/** Counts distinct members per kind. */
export function aggregateFeedback(votes: Iterable<FeedbackVote>): FeedbackAggregate {
  const by: Record<FeedbackKind, Set<string>> = { seen: new Set(), false_positive: new Set(), expired: new Set() };
  for (const v of votes) by[v.kind].add(v.memberKey);
  return { seen: by.seen.size, falsePositive: by.false_positive.size, expired: by.expired.size };
}

/** True when nobody gave feedback (the UI then shows nothing). */
export function isEmptyAggregate(a: FeedbackAggregate): boolean {
  return a.seen === 0 && a.falsePositive === 0 && a.expired === 0;
}
