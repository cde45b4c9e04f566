/**
 * The hub's feedback store: every piece of feedback a member gave on a hit, with where it went. The hub
 * keeps all of it (aggregates for later searchers, the owner's view on "hits on my data", and the only
 * copy when the owner's MISP key cannot add sightings). The giving organisation's id is kept to count
 * members once and to list a searcher's own feedback; it is never returned to anyone else: owner reads
 * carry the `author` fixed at write time ("a member" for anonymous feedback).
 */
import type { FeedbackAggregate } from '../../core/feedback/feedback-aggregate.ts';
import type { FeedbackKind } from '../../core/feedback/feedback-kind.ts';

/** Where a piece of feedback stands: stored at the owner's source, kept at the hub, or not delivered yet. */
export type FeedbackRelay = 'relayed' | 'kept' | 'pending';

export interface NewFeedback {
  searchId: string;
  /** The giving organisation (hub org id) and user. */
  orgId: number;
  userId: number;
  /** The member owning the hit data. */
  memberId: number;
  value: string;
  type: string;
  attributeUuid: string;
  eventUuid: string;
  eventInfo: string;
  kind: FeedbackKind;
  comment: string;
  reveal: boolean;
  /** The organisation name or "a member", as every reader sees it. */
  author: string;
  at: number;
}

export interface StoredFeedback extends NewFeedback {
  id: number;
  relay: FeedbackRelay;
}

/** Feedback as an owner reads it: no giving organisation id, only the author label. */
export type OwnerFeedback = Omit<StoredFeedback, 'orgId' | 'userId' | 'reveal'>;

export interface FeedbackStore {
  migrate(): Promise<void>;
  /**
   * Records feedback; the same organisation giving the same kind on the same hit of the same search again
   * is a no-op (so "mark all as seen" twice counts once). Returns the rows written now.
   */
  record(rows: NewFeedback[]): Promise<StoredFeedback[]>;
  /** Sets where some rows went. */
  setRelay(ids: number[], relay: FeedbackRelay): Promise<void>;
  /** The feedback organisation `orgId` gave on its search `searchId`. */
  listGiven(orgId: number, searchId: string): Promise<StoredFeedback[]>;
  /** Feedback on member `memberId`'s data, newest first, optionally for one value or one event. */
  listForOwner(memberId: number, q: { value?: string; eventUuid?: string; limit: number }): Promise<OwnerFeedback[]>;
  /** Distinct organisations per kind on member `memberId`'s data, per value (and type) or per event; most feedback first. */
  ownerTotals(memberId: number, by: 'value' | 'event', limit: number): Promise<Array<FeedbackAggregate & { key: string; type: string; label: string }>>;
  /** Distinct organisations per kind for each (member, attribute) asked. Keyed `memberId|attributeUuid`. */
  aggregates(hits: { memberId: number; attributeUuid: string }[]): Promise<Map<string, FeedbackAggregate>>;
}

/** The key of `aggregates`' map. */
export const aggregateKey = (memberId: number, attributeUuid: string): string => `${memberId}|${attributeUuid}`;
