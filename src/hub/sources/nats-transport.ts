/**
 * The federation API over NATS request/reply (`src/contracts/federation-nats.ts`): the member's node
 * dialled out and serves its subjects; the hub requests with a deadline. NATS failures are classified
 * into the same `SourceCallError`s the HTTP transport produces, so the member's status reads the same:
 * no responders → unreachable (transient), timeout → timeout, permission violation → refused.
 */
import { headers as natsHeaders, NoRespondersError, PermissionViolationError, TimeoutError, type MsgHdrs } from '@nats-io/transport-node';
import { ON_BEHALF_HEADER } from '../../contracts/federation.ts';
import { ERROR_HEADER, nodeSubject, type NodeOp } from '../../contracts/federation-nats.ts';
import { SourceCallError } from './connector.ts';
import type { FederationTransport } from './federation-transport.ts';
import type { NatsLink } from './nats-link.ts';

export interface NatsTransportConfig {
  member: string;
  apiKey: string;
  /** Longest wait for one reply; the search deadline (the signal) usually ends it first. */
  timeoutMs: number;
}

/** The causes chain of an error (the client wraps its errors in RequestError). */
function chain(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let c = e; c && out.length < 5; c = (c as { cause?: unknown }).cause) out.push(c);
  return out;
}

/** Turns a NATS client failure into the SourceCallError the member status shows. */
export function classifyNats(e: unknown, subject: string): SourceCallError {
  const all = chain(e);
  if (all[0] instanceof SourceCallError) return all[0];
  if (all.some((c) => c instanceof NoRespondersError || (c as { isNoResponders?: () => boolean })?.isNoResponders?.())) {
    return new SourceCallError(`unreachable (no node is serving ${subject} on NATS)`, { transient: true, reason: 'unreachable' });
  }
  if (all.some((c) => c instanceof TimeoutError)) return new SourceCallError('timeout: no answer before the deadline', { transient: false, timeout: true });
  if (all.some((c) => c instanceof PermissionViolationError)) return new SourceCallError(`refused by NATS: the hub may not publish to ${subject}`, { transient: false, reason: 'bad_key' });
  return new SourceCallError(`unreachable (NATS: ${(e as Error)?.message ?? String(e)})`, { transient: true, reason: 'unreachable' });
}

/** Turns a node's error reply into the SourceCallError its HTTP status would have given. */
function refusal(code: string, message: string): SourceCallError {
  if (code === 'forbidden' || code === 'unauthenticated') return new SourceCallError(`bad key (node refused: ${code})`, { transient: false, reason: 'bad_key' });
  if (code === 'payload_too_large') return new SourceCallError(message || 'answer larger than the NATS payload limit', { transient: false, tooLarge: true });
  if (code === 'rate_limited') return new SourceCallError('source is rate limiting (rate_limited)', { transient: true, reason: 'rate_limited' });
  if (code === 'internal' || code === 'unavailable') return new SourceCallError(`source answered ${code}`, { transient: true, reason: 'server_error' });
  return new SourceCallError(`source answered ${code}`, { transient: false, reason: 'http_status' });
}

const decoder = new TextDecoder();

/** A transport requesting `renkei.v1.node.<member>.<op>` over the hub's NATS link. */
export function natsTransport(link: NatsLink, cfg: NatsTransportConfig): FederationTransport {
  const request = async (op: NodeOp, body: unknown, signal: AbortSignal, onBehalfOf?: string): Promise<unknown> => {
    const subject = nodeSubject(cfg.member, op);
    if (signal.aborted) throw new SourceCallError('timeout: no answer before the deadline', { transient: false, timeout: true });
    let hdrs: MsgHdrs;
    let answer: { data: Uint8Array; headers?: MsgHdrs | undefined };
    let onAbort: (() => void) | undefined;
    try {
      const nc = await link.connection();
      hdrs = natsHeaders();
      hdrs.set('authorization', `Bearer ${cfg.apiKey}`);
      if (onBehalfOf) hdrs.set(ON_BEHALF_HEADER, onBehalfOf);
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(new SourceCallError('timeout: no answer before the deadline', { transient: false, timeout: true }));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      answer = await Promise.race([nc.request(subject, JSON.stringify(body), { timeout: cfg.timeoutMs, headers: hdrs }), aborted]);
    } catch (e) {
      throw classifyNats(e, subject);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
    const text = decoder.decode(answer.data);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      throw new SourceCallError('garbage answer (not JSON)', { transient: false, reason: 'garbage' });
    }
    const code = answer.headers?.get(ERROR_HEADER);
    if (code) throw refusal(code, String((parsed as { error?: { message?: unknown } })?.error?.message ?? ''));
    return parsed;
  };
  return {
    search: (body, signal) => request('search', body, signal),
    feedback: (body, signal) => request('feedback', body, signal),
    hits: ({ since, limit, newestFirst, excludeSearcher }, signal, onBehalfOf) =>
      request('hits', { since: Math.floor(since), limit, ...(newestFirst ? { order: 'newest' } : {}), ...(excludeSearcher !== undefined ? { excludeSearcher } : {}) }, signal, onBehalfOf),
  };
}

