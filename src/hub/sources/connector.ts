/** What the fan-out needs from a member source, whatever it speaks (Renkei federation or MISP). */
import type { HitContext, HitLogEntry } from '../../contracts/federation.ts';
import type { HitsQuery } from './federation-transport.ts';
import type { MemberReason, SourceCheck } from '../../contracts/hub-api.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import type { FeedbackKind } from '../../core/feedback/feedback-kind.ts';

export interface SearchValue {
  type: string;
  value: string;
}

export interface BatchRequest {
  searchId: string;
  searcher: { name: string; uuid?: string };
  values: SearchValue[];
  kinds: MatchKind[];
}

/** One piece of feedback the hub relays to the owner's source (the author is already anonymised). */
export interface FeedbackRelayItem {
  attributeUuid: string;
  kind: FeedbackKind;
  /** Trimmed; empty for none. */
  comment: string;
  reveal: boolean;
  /** The organisation name or "a member" (`core/feedback/feedback-author.ts`). */
  author: string;
}

/**
 * What became of one relayed item: `relayed` (stored as a sighting at the owner's source), `absent` (this
 * source does not hold that hit; another of the member's sources may), `not_allowed` (the source's key
 * may not add sightings: the hub keeps it for the owner).
 */
export type FeedbackRelayOutcome = 'relayed' | 'absent' | 'not_allowed';

export interface SourceConnector {
  /** Largest batch this source should receive in one request. */
  readonly batchSize: number;
  /** Checks reachability, credentials and protocol; never throws. */
  check(signal: AbortSignal): Promise<SourceCheck>;
  /** Searches one batch; the map is keyed by index into `req.values`. Throws SourceCallError. */
  search(req: BatchRequest, signal: AbortSignal): Promise<Map<number, HitContext[]>>;
  /** Relays feedback on hits of search `searchId` (per item, in order). Throws SourceCallError when the source cannot be asked. */
  feedback?(req: { searchId: string; searcher: { name: string; uuid?: string }; items: FeedbackRelayItem[] }, signal: AbortSignal): Promise<FeedbackRelayOutcome[]>;
  /**
   * The source's own hit log, when it keeps one (Renkei nodes do; MISP does not), read on behalf of the
   * member organisation `onBehalfOf` (uuid): a node holding several organisations' data answers for it only.
   */
  hits?(query: HitsQuery, signal: AbortSignal, onBehalfOf?: string): Promise<HitLogEntry[]>;
}

/** A failed call, classified for retries and for the member's status line. */
export class SourceCallError extends Error {
  readonly transient: boolean;
  readonly timeout: boolean;
  /** The answer went over the byte bound: the batch is split rather than failed. */
  readonly tooLarge: boolean;
  /** The code the member's status line is translated from. */
  readonly reason: MemberReason;
  constructor(message: string, opts: { transient: boolean; timeout?: boolean; tooLarge?: boolean; reason?: MemberReason }) {
    super(message);
    this.name = 'SourceCallError';
    this.transient = opts.transient;
    this.timeout = opts.timeout ?? false;
    this.tooLarge = opts.tooLarge ?? false;
    this.reason = opts.reason ?? (this.timeout ? 'timeout' : this.tooLarge ? 'truncated' : 'internal');
  }
}
