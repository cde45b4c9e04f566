/** What the fan-out needs from a member source, whatever it speaks (Renkei federation or MISP). */
import type { HitContext, HitLogEntry } from '../../contracts/federation.ts';
import type { MemberReason, SourceCheck } from '../../contracts/hub-api.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import { SourceTransportError, type HttpAnswer } from './http-request.ts';

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

export interface SourceConnector {
  /** Largest batch this source should receive in one request. */
  readonly batchSize: number;
  /** Checks reachability, credentials and protocol; never throws. */
  check(signal: AbortSignal): Promise<SourceCheck>;
  /** Searches one batch; the map is keyed by index into `req.values`. Throws SourceCallError. */
  search(req: BatchRequest, signal: AbortSignal): Promise<Map<number, HitContext[]>>;
  /**
   * The source's own hit log, when it keeps one (Renkei nodes do; MISP does not), read on behalf of the
   * member organisation `onBehalfOf` (uuid): a node holding several organisations' data answers for it only.
   */
  hits?(since: number, limit: number, signal: AbortSignal, onBehalfOf?: string): Promise<HitLogEntry[]>;
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

/** Turns transport failures into SourceCallError. */
export function classifyTransport(e: unknown): SourceCallError {
  if (e instanceof SourceCallError) return e;
  if (e instanceof SourceTransportError) {
    if (e.kind === 'timeout') return new SourceCallError('timeout: no answer before the deadline', { transient: false, timeout: true });
    if (e.kind === 'too_large') return new SourceCallError(e.message, { transient: false, tooLarge: true });
    return e.kind === 'dropped'
      ? new SourceCallError('connection dropped mid-answer', { transient: true, reason: 'dropped' })
      : new SourceCallError(`unreachable (${e.message})`, { transient: true, reason: 'unreachable' });
  }
  return new SourceCallError(`error: ${(e as Error)?.message ?? String(e)}`, { transient: false });
}

/** Checks the HTTP status of an answer and parses its JSON body; throws SourceCallError otherwise. */
export function jsonAnswer(a: HttpAnswer): unknown {
  if (a.status === 401 || a.status === 403) throw new SourceCallError(`bad key (HTTP ${a.status})`, { transient: false, reason: 'bad_key' });
  if (a.status >= 500) throw new SourceCallError(`source answered HTTP ${a.status}`, { transient: a.status !== 501, reason: 'server_error' });
  if (a.status === 429) throw new SourceCallError('source is rate limiting (HTTP 429)', { transient: true, reason: 'rate_limited' });
  if (a.status < 200 || a.status >= 300) throw new SourceCallError(`source answered HTTP ${a.status}`, { transient: false, reason: 'http_status' });
  try {
    return JSON.parse(a.text) as unknown;
  } catch {
    throw new SourceCallError('garbage answer (not JSON)', { transient: false, reason: 'garbage' });
  }
}
