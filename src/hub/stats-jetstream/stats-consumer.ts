/**
 * The hub's JetStream statistics consumer: a durable pull consumer on the stats stream, each message
 * ingested with the same function as `POST /api/v1/stats/ingest` and attributed to its API key's member.
 * A message is acknowledged (`ackAck`, confirmed by the server) only after its batch is committed; the
 * store's unique batch id makes a redelivery (crash between commit and ack) a duplicate, not a second count.
 * Refusals that retrying cannot fix (bad key, invalid batch) are terminated; quota refusals are redelivered later.
 */
import { AckPolicy, jetstreamManager, jetstream, RetentionPolicy, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { STATS_CONSUMER, STATS_DUPLICATE_WINDOW_MS, STATS_STREAM, STATS_SUBJECT, statsSubjectOf } from '../../contracts/stats-nats.ts';
import { isRenkeiError, RenkeiError } from '../../core/errors.ts';
import type { BatchIngest, BatchSender } from '../stats/ingest-batch.ts';

export interface StatsConsumerOptions {
  stream?: string;
  subject?: string;
  durable?: string;
  /** Redelivery delay of an unacknowledged batch (default 30 s). */
  ackWaitMs?: number;
  /** Member of an API key (null: unknown or revoked). */
  senderOf(key: string): Promise<BatchSender | null>;
  ingest: BatchIngest;
  log?: Pick<Logger, 'warn' | 'error'>;
}

export interface StatsConsumer {
  stop(): Promise<void>;
}

const ns = (ms: number): number => ms * 1_000_000;

/** Creates (or keeps) the stream and the durable consumer; idempotent, so every hub start may call it. */
export async function ensureStatsStream(nc: NatsConnection, o: { stream?: string; subject?: string; durable?: string; ackWaitMs?: number } = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const name = o.stream ?? STATS_STREAM;
  // The bare subject and the per-member ones (`statsSubjectOf`), which isolated deployments use.
  const subject = o.subject ?? STATS_SUBJECT;
  const config = { name, subjects: [subject, statsSubjectOf('*', subject)], retention: RetentionPolicy.Workqueue, duplicate_window: ns(STATS_DUPLICATE_WINDOW_MS) };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, { subjects: config.subjects, duplicate_window: config.duplicate_window });
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
    await jsm.streams.add(config);
  }
  const durable = o.durable ?? STATS_CONSUMER;
  const ackWait = ns(o.ackWaitMs ?? 30_000);
  try {
    await jsm.consumers.info(name, durable);
    await jsm.consumers.update(name, durable, { ack_wait: ackWait });
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
    await jsm.consumers.add(name, { durable_name: durable, ack_policy: AckPolicy.Explicit, ack_wait: ackWait, max_deliver: -1 });
  }
}

/** What to do with one message once its batch was handled (or refused). */
async function settle(m: JsMsg, o: StatsConsumerOptions): Promise<void> {
  const auth = m.headers?.get('authorization') ?? '';
  const key = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  let sender: BatchSender | null = null;
  try {
    sender = key ? await o.senderOf(key) : null;
    if (!sender) throw new RenkeiError('unauthenticated', 'invalid API key');
    await o.ingest(sender, JSON.parse(new TextDecoder().decode(m.data)) as unknown);
    await m.ackAck();
  } catch (e) {
    if (isRenkeiError(e) && e.code === 'rate_limited') return m.nak(10_000);
    if (isRenkeiError(e) || e instanceof SyntaxError) {
      o.log?.warn({ code: isRenkeiError(e) ? e.code : 'invalid_json', seq: m.seq }, 'stats batch refused');
      // No reason on the term: nats-server 2.9 does not recognise `+TERM <reason>` and would redeliver forever.
      return void m.term();
    }
    // Storage or connection trouble: not acknowledged, so JetStream redelivers it.
    o.log?.error({ err: e, seq: m.seq }, 'stats batch not ingested; will be redelivered');
    m.nak(1000);
  }
}

/** Starts pulling and ingesting until `stop()`. */
export async function startStatsConsumer(nc: NatsConnection, o: StatsConsumerOptions): Promise<StatsConsumer> {
  await ensureStatsStream(nc, o);
  const consumer = await jetstream(nc).consumers.get(o.stream ?? STATS_STREAM, o.durable ?? STATS_CONSUMER);
  const messages = await consumer.consume({ max_messages: 64 });
  const done = (async () => {
    for await (const m of messages) await settle(m, o);
  })();
  return {
    async stop() {
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}
