/**
 * Turns stored source rows into connectors (decrypting credentials only here) and keeps one request
 * limiter per source, shared by every search.
 */
import type { MemberRow, SourceRow } from '../../storage/hub/port.ts';
import type { SecretBox } from '../auth/crypto.ts';
import { Limiter } from '../search/limiter.ts';
import type { SourceConnector } from './connector.ts';
import { mispConnector } from './misp-connector.ts';
import { renkeiConnector } from './renkei-connector.ts';
import type { HubSigner } from '../blind/hub-signer.ts';
import { natsMemberOf } from '../../contracts/federation-nats.ts';
import type { NatsLink } from './nats-link.ts';
import { natsTransport } from './nats-transport.ts';

export interface SourceRegistry {
  connector(source: SourceRow, member: MemberRow): SourceConnector;
  limiter(sourceId: number): Limiter;
  /** A connector for credentials not stored yet (checking a source before adding it). */
  fresh(kind: 'renkei' | 'misp', cfg: { url: string; apiKey: string; verifyTls: boolean; caFile: string | null }, memberName: string): SourceConnector;
  forget(sourceId: number): void;
}

/**
 * A registry with `perSourceConcurrency` in-flight requests per source. A Renkei source whose URL is
 * `nats:<member>` is reached over `opts.nats` (request/reply); any other over HTTP.
 */
export function createSourceRegistry(
  box: SecretBox,
  opts: { perSourceConcurrency: number; renkeiBatchSize: number; maxAnswerBytes?: number; signer?: HubSigner; nats?: { link: NatsLink; timeoutMs: number; batchSize: number } },
): SourceRegistry {
  const connectors = new Map<number, { key: string; c: SourceConnector }>();
  const limiters = new Map<number, Limiter>();
  const registry: SourceRegistry = {
    fresh(kind, cfg, memberName) {
      const bounded = opts.maxAnswerBytes ? { ...cfg, maxAnswerBytes: opts.maxAnswerBytes } : cfg;
      if (kind === 'misp') return mispConnector(bounded, memberName);
      const signer = opts.signer ? { signer: opts.signer } : {};
      const member = natsMemberOf(cfg.url);
      if (member === null || !opts.nats) return renkeiConnector(bounded, { batchSize: opts.renkeiBatchSize, ...signer });
      const transport = natsTransport(opts.nats.link, { member, apiKey: cfg.apiKey, timeoutMs: opts.nats.timeoutMs });
      return renkeiConnector(bounded, { batchSize: opts.nats.batchSize, transport, ...signer });
    },
    connector(source, member) {
      const key = `${source.kind}|${source.url}|${source.secret}|${source.verifyTls}|${source.caFile}`;
      const cached = connectors.get(source.id);
      if (cached && cached.key === key) return cached.c;
      const c = registry.fresh(source.kind, { url: source.url, apiKey: box.open(source.secret), verifyTls: source.verifyTls, caFile: source.caFile }, member.name);
      connectors.set(source.id, { key, c });
      return c;
    },
    limiter(sourceId) {
      let l = limiters.get(sourceId);
      if (!l) {
        l = new Limiter(opts.perSourceConcurrency);
        limiters.set(sourceId, l);
      }
      return l;
    },
    forget(sourceId) {
      connectors.delete(sourceId);
      limiters.delete(sourceId);
    },
  };
  return registry;
}
