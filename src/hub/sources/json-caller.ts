/** The JSON request both connectors make: base URL, auth header, TLS options, size cap, error classification. */
import { classifyTransport, jsonAnswer } from './connector.ts';
import { httpRequest } from './http-request.ts';

/** Largest answer a source may send (MISP answers for 200 values can be large). */
const MAX_ANSWER = 256 * 1024 * 1024;

export type JsonCall = (method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal) => Promise<unknown>;

/** Returns a function calling `path` on the source with JSON in and out; transport failures become SourceCallErrors. */
export function jsonCaller(cfg: { url: string; authorization: string; verifyTls: boolean; caFile: string | null }): JsonCall {
  const base = cfg.url.replace(/\/+$/, '');
  const headers = { authorization: cfg.authorization, accept: 'application/json', 'content-type': 'application/json' };
  return async (method, path, body, signal) => {
    try {
      const a = await httpRequest(base + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
        verifyTls: cfg.verifyTls,
        caFile: cfg.caFile,
        maxBytes: MAX_ANSWER,
      });
      return jsonAnswer(a);
    } catch (e) {
      throw classifyTransport(e);
    }
  };
}
