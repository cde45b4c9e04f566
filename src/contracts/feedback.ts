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
