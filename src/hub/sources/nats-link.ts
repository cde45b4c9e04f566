/**
 * The hub's one NATS connection, opened on first use (a hub with no NATS member never connects) and
 * shared by every NATS source.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { natsConnect } from '../../services/nats/nats-connect.ts';
import { SourceCallError } from './connector.ts';

export interface NatsLink {
  connection(): Promise<NatsConnection>;
  close(): Promise<void>;
}

/** A lazily opened link to `cfg.url`; without a URL every call fails as a configuration error. */
export function natsLink(cfg: { url: string | null; creds: string | null }): NatsLink {
  let pending: Promise<NatsConnection> | null = null;
  return {
    connection() {
      if (!cfg.url) return Promise.reject(new SourceCallError('error: this hub has no NATS connection configured (RENKEI_HUB_NATS_URL)', { transient: false }));
      if (!pending) {
        pending = natsConnect(cfg.url, { credsFile: cfg.creds, name: 'renkei-hub' });
        // A failed first connect is retried on the next call rather than remembered forever.
        pending.catch(() => (pending = null));
      }
      return pending;
    },
    async close() {
      const p = pending;
      pending = null;
      if (p) await (await p.catch(() => null))?.drain().catch(() => undefined);
    },
  };
}
