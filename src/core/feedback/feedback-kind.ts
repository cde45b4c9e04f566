/**
 * What a receiver did with a hit, as MISP records it: a sighting of type 0 (seen in our environment),
 * 1 (false positive) or 2 (expired). The names are the wire's; the numbers are MISP's sighting types.
 */
import type { SightingType } from '../model/event.ts';

export const FEEDBACK_KINDS = ['seen', 'false_positive', 'expired'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

const TYPE: Record<FeedbackKind, SightingType> = { seen: 0, false_positive: 1, expired: 2 };

/** The MISP sighting type of a feedback kind. */
export function sightingTypeOf(kind: FeedbackKind): SightingType {
  return TYPE[kind];
}

/** The feedback kind of a MISP sighting type. */
export function feedbackKindOf(type: SightingType): FeedbackKind {
  return FEEDBACK_KINDS[type];
}
