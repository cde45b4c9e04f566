/**
 * Connector for a Renkei node's federation API (`src/contracts/federation.ts`) over a transport (HTTP or
 * NATS): signing, batching and answer validation are the same whatever carries the request.
 */
import { FederationSearchResponse, HitLogEntry, type HitContext } from '../../contracts/federation.ts';
import { FederationFeedbackResponse } from '../../contracts/feedback.ts';
import { feedbackDigest } from '../../core/feedback/feedback-digest.ts';
import { SourceCallError, type BatchRequest, type FeedbackRelayOutcome, type SourceConnector } from './connector.ts';
import type { FederationTransport } from './federation-transport.ts';
import { httpTransport } from './http-transport.ts';
import { nodeIdForKey, plainRequestDigest } from '../../core/blind/plain-request.ts';
import type { HubSigner } from '../blind/hub-signer.ts';

export interface RenkeiSourceConfig {
  url: string;
  apiKey: string;
  verifyTls: boolean;
  caFile: string | null;
  /** Byte bound of one answer (default 16 MB). */
  maxAnswerBytes?: number;
}

/**
 * A connector speaking the node federation API with the member's search key, over HTTP unless
 * `opts.transport` is given (the key then still identifies the hub to the node, inside the message).
 */
export function renkeiConnector(cfg: RenkeiSourceConfig, opts: { batchSize?: number; signer?: HubSigner; transport?: FederationTransport } = {}): SourceConnector {
  const nodeId = nodeIdForKey(cfg.apiKey);
  const transport = opts.transport ?? httpTransport(cfg);
  const search = async (req: BatchRequest, signal: AbortSignal): Promise<Map<number, HitContext[]>> => {
    // Signed per call (retries included): the node accepts each nonce once.
    const signed = opts.signer
      ? { ...req, assertion: opts.signer.sign({ searchId: req.searchId, searcherOrg: req.searcher.uuid ?? req.searcher.name, node: nodeId, valuesDigest: plainRequestDigest(req) }) }
      : req;
    const body = await transport.search(signed, signal);
    const parsed = FederationSearchResponse.safeParse(body);
    if (!parsed.success) throw new SourceCallError('garbage answer (not a Renkei federation response)', { transient: false, reason: 'garbage' });
    const out = new Map<number, HitContext[]>();
    for (const r of parsed.data.results) {
      if (r.index >= req.values.length || r.hits.length === 0) continue;
      out.set(r.index, [...(out.get(r.index) ?? []), ...r.hits]);
    }
    return out;
  };
  return {
    batchSize: opts.batchSize ?? 2000,
    search,
    async check(signal) {
      const t0 = performance.now();
      try {
        await search({ searchId: 'source-check', searcher: { name: 'renkei-hub' }, values: [], kinds: ['exact'] }, signal);
        return { ok: true, latencyMs: Math.round(performance.now() - t0), message: 'Renkei node answered', version: null };
      } catch (e) {
        return { ok: false, latencyMs: null, message: (e as Error).message, version: null };
      }
    },
    async feedback(req, signal) {
      const body = { searchId: req.searchId, searcher: req.searcher, items: req.items.map((i) => ({ attributeUuid: i.attributeUuid, kind: i.kind, reveal: i.reveal, ...(i.comment ? { comment: i.comment } : {}) })) };
      const signed = opts.signer ? { ...body, assertion: opts.signer.sign({ searchId: req.searchId, searcherOrg: req.searcher.uuid ?? req.searcher.name, node: nodeId, valuesDigest: feedbackDigest(body) }) } : body;
      const parsed = FederationFeedbackResponse.safeParse(await transport.feedback(signed, signal));
      if (!parsed.success) throw new SourceCallError('garbage answer (not a Renkei feedback response)', { transient: false, reason: 'garbage' });
      const out: FeedbackRelayOutcome[] = req.items.map(() => 'absent');
      for (const r of parsed.data.results) if (r.index < out.length && r.status === 'recorded') out[r.index] = 'relayed';
      return out;
    },
    async hits(query, signal, onBehalfOf) {
      const body = await transport.hits(query, signal, onBehalfOf);
      const list = Array.isArray(body) ? body : (body as { hits?: unknown })?.hits;
      const parsed = HitLogEntry.array().safeParse(list);
      if (!parsed.success) throw new SourceCallError('garbage answer (not a hit log)', { transient: false, reason: 'garbage' });
      return parsed.data;
    },
  };
}
