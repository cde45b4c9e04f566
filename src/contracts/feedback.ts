/**
 * Wire schemas of hit feedback ("how the receiver used it").
 * Federation: `POST /federation/v1/feedback` (and the NATS `feedback` subject) — the hub, with the
 * member's search key and its signed searcher assertion, relays feedback on hits of one search; the node
 * checks each attribute was a hit of that search for that searcher (its hit log) and stores a MISP
 * sighting on it. Answers are per item, in request order.
 */
import { z } from 'zod';
import { SignedAssertionWire } from './blind/assertion.ts';
import { FEEDBACK_KINDS } from '../core/feedback/feedback-kind.ts';
import { feedbackCommentProblem, MAX_FEEDBACK_COMMENT } from '../core/feedback/feedback-comment.ts';

/** Largest number of feedback items in one request. */
export const MAX_FEEDBACK_ITEMS = 1000;

export const FeedbackKindWire = z.enum(FEEDBACK_KINDS);

export const FeedbackComment = z
  .string()
  .max(MAX_FEEDBACK_COMMENT * 2)
  .superRefine((s, ctx) => {
    const p = feedbackCommentProblem(s.trim());
    if (p) ctx.addIssue({ code: 'custom', message: p === 'too_long' ? `a comment is at most ${MAX_FEEDBACK_COMMENT} characters` : 'a comment is one line without control characters', params: { reason: p } });
  });

export const FederationFeedbackItem = z
  .object({
    attributeUuid: z.string().min(1).max(64),
    kind: FeedbackKindWire,
    comment: FeedbackComment.optional(),
    /** Show the searcher's organisation on the sighting; otherwise it reads "a member". */
    reveal: z.boolean(),
  })
  .strict();
export type FederationFeedbackItem = z.infer<typeof FederationFeedbackItem>;

export const FederationFeedbackRequest = z
  .object({
    searchId: z.string().min(1).max(100),
    searcher: z.object({ name: z.string().min(1).max(200), uuid: z.string().max(64).optional() }).strict(),
    items: z.array(FederationFeedbackItem).min(1).max(MAX_FEEDBACK_ITEMS),
    assertion: SignedAssertionWire.optional(),
  })
  .strict();
export type FederationFeedbackRequest = z.infer<typeof FederationFeedbackRequest>;

/** Per-item reasons a node refuses feedback (stable codes). */
export const FEEDBACK_ITEM_ERRORS = ['not_a_hit', 'attribute_gone'] as const;

export const FederationFeedbackResult = z.union([
  z.object({ index: z.number().int().nonnegative(), status: z.literal('recorded'), sightingUuid: z.string() }),
  z.object({ index: z.number().int().nonnegative(), status: z.literal('rejected'), code: z.enum(FEEDBACK_ITEM_ERRORS), message: z.string() }),
]);
export type FederationFeedbackResult = z.infer<typeof FederationFeedbackResult>;

export const FederationFeedbackResponse = z.object({ results: z.array(FederationFeedbackResult) });
export type FederationFeedbackResponse = z.infer<typeof FederationFeedbackResponse>;

/*
 * Hub API (the analyst's side):
 *   POST /api/v1/searches/:id/feedback          { items: [{ index, member, attributeUuid, kind, comment?, reveal }] } → { results }
 *   POST /api/v1/searches/:id/feedback/all-seen  { reveal, comment? } → FeedbackSummary
 *   GET  /api/v1/searches/:id/feedback           → { given, aggregates } (the searching organisation only)
 *   GET  /api/v1/feedback?value=&event=&limit=   → OwnerFeedbackPage (feedback on my organisation's data)
 * A hit is named by its value's `index` in the stored result and the member and attribute uuid shown on
 * it; the hub looks that hit up in the stored result and takes everything it records from there, so a
 * client can only name hits its organisation's search really had.
 */
export const GiveFeedbackItem = z
  .object({ index: z.number().int().nonnegative(), member: z.string().min(1).max(200), attributeUuid: z.string().min(1).max(64), kind: FeedbackKindWire, comment: FeedbackComment.optional(), reveal: z.boolean() })
  .strict();
export const GiveFeedbackRequest = z.object({ items: z.array(GiveFeedbackItem).min(1).max(MAX_FEEDBACK_ITEMS) }).strict();
export type GiveFeedbackRequest = z.infer<typeof GiveFeedbackRequest>;

export const MarkAllSeenRequest = z.object({ reveal: z.boolean(), comment: FeedbackComment.optional() }).strict();
export type MarkAllSeenRequest = z.infer<typeof MarkAllSeenRequest>;

/** Where feedback went: stored at the owner's source, kept at the hub for the owner, or not delivered yet. */
export const FeedbackRelayWire = z.enum(['relayed', 'kept', 'pending']);

export const GiveFeedbackResult = z.union([
  z.object({ position: z.number().int(), status: z.union([FeedbackRelayWire, z.literal('duplicate')]) }),
  z.object({ position: z.number().int(), error: z.object({ code: z.enum(['no_such_hit']), message: z.string() }) }),
]);
export type GiveFeedbackResult = z.infer<typeof GiveFeedbackResult>;
export const GiveFeedbackResponse = z.object({ results: z.array(GiveFeedbackResult) });
export type GiveFeedbackResponse = z.infer<typeof GiveFeedbackResponse>;

export const FeedbackSummary = z.object({ hits: z.number().int(), recorded: z.number().int(), duplicates: z.number().int(), relayed: z.number().int(), kept: z.number().int(), pending: z.number().int() });
export type FeedbackSummary = z.infer<typeof FeedbackSummary>;

export const FeedbackCounts = z.object({ seen: z.number().int(), falsePositive: z.number().int(), expired: z.number().int() });
export type FeedbackCounts = z.infer<typeof FeedbackCounts>;

export const SearchFeedback = z.object({
  /** What this organisation gave on this search. */
  given: z.array(z.object({ index: z.number().int(), member: z.string(), attributeUuid: z.string(), kind: FeedbackKindWire, relay: FeedbackRelayWire })),
  /** Every member's feedback on each hit (distinct organisations per kind), hits without feedback left out. */
  aggregates: z.array(FeedbackCounts.extend({ index: z.number().int(), member: z.string(), attributeUuid: z.string() })),
});
export type SearchFeedback = z.infer<typeof SearchFeedback>;

export const OwnerFeedbackItem = z.object({
  searchId: z.string(),
  value: z.string(),
  type: z.string(),
  attributeUuid: z.string(),
  eventUuid: z.string(),
  eventInfo: z.string(),
  kind: FeedbackKindWire,
  comment: z.string(),
  /** The giving organisation, or "a member" for anonymous feedback. */
  author: z.string(),
  relay: FeedbackRelayWire,
  at: z.number(),
});
export const OwnerFeedbackPage = z.object({
  items: z.array(OwnerFeedbackItem),
  byValue: z.array(FeedbackCounts.extend({ value: z.string(), type: z.string() })),
  byEvent: z.array(FeedbackCounts.extend({ eventUuid: z.string(), eventInfo: z.string() })),
});
export type OwnerFeedbackPage = z.infer<typeof OwnerFeedbackPage>;
