/** The federation API over HTTP(S): today's node endpoints, called with the member's search key. */
import { ON_BEHALF_HEADER } from '../../contracts/federation.ts';
import type { FederationTransport } from './federation-transport.ts';
import { jsonCaller } from './json-caller.ts';

export interface HttpTransportConfig {
  url: string;
  apiKey: string;
  verifyTls: boolean;
  caFile: string | null;
  maxAnswerBytes?: number;
}

/** A transport calling `cfg.url`'s `/federation/v1/*` endpoints. */
export function httpTransport(cfg: HttpTransportConfig): FederationTransport {
  const call = jsonCaller({ url: cfg.url, authorization: `Bearer ${cfg.apiKey}`, verifyTls: cfg.verifyTls, caFile: cfg.caFile, ...(cfg.maxAnswerBytes ? { maxAnswerBytes: cfg.maxAnswerBytes } : {}) });
  return {
    search: (body, signal) => call('POST', '/federation/v1/search', body, signal),
    feedback: (body, signal) => call('POST', '/federation/v1/feedback', body, signal),
    hits: ({ since, limit, newestFirst, excludeSearcher }, signal, onBehalfOf) => {
      const q = new URLSearchParams({ since: String(Math.floor(since)), limit: String(limit), ...(newestFirst ? { order: 'newest' } : {}), ...(excludeSearcher !== undefined ? { exclude_searcher: excludeSearcher } : {}) });
      return call('GET', `/federation/v1/hits?${q.toString()}`, undefined, signal, onBehalfOf ? { [ON_BEHALF_HEADER]: onBehalfOf } : undefined);
    },
  };
}
