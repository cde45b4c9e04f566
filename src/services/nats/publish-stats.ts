/** An agent's side of statistics over JetStream (`contracts/stats-nats.ts`): publish one batch exactly once. */
import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { STATS_SUBJECT, statsMsgId } from '../../contracts/stats-nats.ts';

/**
 * Publishes `body` (a batch's JSON) with its batch id as message id; resolves once the stream stored it
 * (`duplicate` when the stream had it already: a retry after a lost acknowledgement).
 */
export async function publishStatsBatch(nc: NatsConnection, body: string, batchId: string, apiKey: string, subject = STATS_SUBJECT): Promise<{ seq: number; duplicate: boolean }> {
  const h = headers();
  h.set('authorization', `Bearer ${apiKey}`);
  const ack = await jetstream(nc).publish(subject, body, { msgID: statsMsgId(batchId), headers: h });
  return { seq: ack.seq, duplicate: ack.duplicate };
}
