/** The JSON request both connectors make: base URL, auth header, TLS options, size cap, error classification. */
import { classifyTransport, jsonAnswer } from './connector.ts';
import { httpRequest } from './http-request.ts';

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
