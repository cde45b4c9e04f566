/** Starts the JetStream statistics consumer on a hub context (`config.nats.statsConsumer`). */
import type { HubContext } from '../context.ts';
import { createBatchIngest } from '../stats/ingest-batch.ts';
import { startStatsConsumer, type StatsConsumer } from './stats-consumer.ts';

/** Ingests from `config.nats.statsStream` with the hub's stats store, quotas, k and audit log. */
export async function startHubStatsConsumer(ctx: HubContext): Promise<StatsConsumer> {
  const { config } = ctx;
  const ingest = createBatchIngest({
    stats: ctx.storage.stats,
    k: config.stats.minSources,
    quota: { rowsPerHour: config.stats.rowsPerHour, batchesPerMinute: config.stats.batchesPerMinute },
    audit: (e) => ctx.store.audit({ at: ctx.now(), ...e }),
  });
  return startStatsConsumer(await ctx.nats.connection(), {
    stream: config.nats.statsStream,
    subject: config.nats.statsSubject,
    ackWaitMs: config.nats.statsAckWaitMs,
    async senderOf(key) {
      const p = await ctx.auth.fromKey(key);
      return p ? { orgName: p.orgName, ...(p.userId !== undefined ? { userId: p.userId } : {}) } : null;
    },
    ingest,
  });
}
