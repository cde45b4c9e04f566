/**
 * The JSON request both HTTP connectors make (Renkei's HTTP transport and MISP): base URL, auth header,
 * TLS options, size cap, and the HTTP-specific error classification (statuses, socket failures) into
 * `SourceCallError`s. The NATS transport classifies its own failures into the same errors.
 */
import { SourceCallError } from './connector.ts';
import { httpRequest, SourceTransportError, type HttpAnswer } from './http-request.ts';

/** Default largest answer of one request: reading stops there, so five huge answers cannot exhaust the hub. */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export type JsonCall = (method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal, extraHeaders?: Record<string, string>) => Promise<unknown>;

/** Returns a function calling `path` on the source with JSON in and out; transport failures become SourceCallErrors. */
export function jsonCaller(cfg: { url: string; authorization: string; verifyTls: boolean; caFile: string | null; maxAnswerBytes?: number }): JsonCall {
  const base = cfg.url.replace(/\/+$/, '');
  const headers = { authorization: cfg.authorization, accept: 'application/json', 'content-type': 'application/json' };
  return async (method, path, body, signal, extraHeaders) => {
    try {
      const a = await httpRequest(base + path, {
        method,
        headers: extraHeaders ? { ...headers, ...extraHeaders } : headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
        verifyTls: cfg.verifyTls,
        caFile: cfg.caFile,
        maxBytes: cfg.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
      });
      return jsonAnswer(a);
    } catch (e) {
      throw classifyTransport(e);
    }
  };
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
