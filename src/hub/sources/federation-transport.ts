/**
 * How the Renkei connector reaches a member node: HTTP (`http-transport.ts`) or NATS request/reply
 * (`nats-transport.ts`). A transport returns the parsed JSON answer or throws a `SourceCallError`
 * classified the same way whatever carried it, so the member's status line does not depend on the wire.
 */
/**
 * Which rows of a node's hit log to read: since `since` (epoch ms), at most `limit`; newest first for an
 * owner's page; `excludeSearcher` leaves one searching organisation out before the limit applies.
 */
export interface HitsQuery {
  since: number;
  limit: number;
  newestFirst?: boolean;
  excludeSearcher?: string;
}

export interface FederationTransport {
  /** `POST /federation/v1/search` or its NATS subject. */
  search(body: unknown, signal: AbortSignal): Promise<unknown>;
  /** `POST /federation/v1/feedback` or its NATS subject (`src/contracts/feedback.ts`). */
  feedback(body: unknown, signal: AbortSignal): Promise<unknown>;
  /** The node's hit log since `since` (epoch ms), read on behalf of `onBehalfOf` (org uuid). */
  hits(query: HitsQuery, signal: AbortSignal, onBehalfOf?: string): Promise<unknown>;
}
