/**
 * An agent's delivery of spooled statistics batches over JetStream instead of HTTP (`renkei agent run
 * --nats`): one connection, each batch published with its batch id as message id, so a resend after a
 * crash is dropped by the stream. Every failure is retried (the batch stays in the spool): NATS cannot say
 * that the hub will refuse a batch, which the hub's consumer decides later from the batch's API key.
 */
import { readFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/transport-node';
import { STATS_SUBJECT } from '../../contracts/stats-nats.ts';
import { natsConnect, parsePasswordCreds } from './nats-connect.ts';
import { publishStatsBatch } from './publish-stats.ts';

export type StatsSendResult = { ok: true; duplicate: boolean } | { ok: false; retry: boolean; status: number | null; message: string };

export interface StatsSender {
  send(body: string): Promise<StatsSendResult>;
  close(): Promise<void>;
}

/**
 * A sender to `url`. The subject is `subject` if given, else the credentials file's `stats_subject`
 * (nats-config writes one per member agent), else the hub's default.
 */
export function natsStatsSender(opts: { url: string; credsFile: string | null; apiKey: string; subject?: string; timeoutMs?: number }): StatsSender {
  const subject = opts.subject ?? (opts.credsFile ? parsePasswordCreds(readFileSync(opts.credsFile, 'utf8'))?.statsSubject : undefined) ?? STATS_SUBJECT;
  let nc: Promise<NatsConnection> | null = null;
  const connection = (): Promise<NatsConnection> => {
    if (!nc) {
      nc = natsConnect(opts.url, { credsFile: opts.credsFile, name: 'renkei-agent' });
      nc.catch(() => (nc = null));
    }
    return nc;
  };
  return {
    async send(body) {
      let batchId: unknown;
      try {
        batchId = (JSON.parse(body) as { batchId?: unknown }).batchId;
      } catch {
        batchId = undefined;
      }
      if (typeof batchId !== 'string' || batchId === '') return { ok: false, retry: false, status: null, message: 'spooled batch has no batchId' };
      try {
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no stream acknowledgement in time')), opts.timeoutMs ?? 30_000).unref());
        const r = await Promise.race([publishStatsBatch(await connection(), body, batchId, opts.apiKey, subject), timeout]);
        return { ok: true, duplicate: r.duplicate };
      } catch (e) {
        return { ok: false, retry: true, status: null, message: `NATS: ${(e as Error).message}` };
      }
    },
    async close() {
      const c = nc;
      nc = null;
      if (c) await (await c.catch(() => null))?.drain().catch(() => undefined);
    },
  };
}
