/**
 * Ingestion of one agent batch, whatever carried it (`POST /api/v1/stats/ingest`, or a JetStream message
 * consumed by `hub/stats-jetstream/`): validate, check k and sketches, attribute to the authenticated
 * member (never the batch's own field), write idempotently by batch id under the member's quota, audit.
 */
import { parseRequest } from '../../contracts/parse-request.ts';
import { RenkeiError } from '../../core/errors.ts';
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import type { IngestQuota, StatsStore } from '../../storage/stats/port.ts';

const SKETCH_PRECISION = 12;

/** An audit entry as the stats routes report it (the hub adds the time). */
export interface StatsAuditEntry {
  action: 'stats-ingest' | 'stats-ingest-duplicate' | 'stats-ingest-refused' | 'stats-opt-in' | 'stats-opt-out';
  actorOrg: string;
  actorUserId: number | null;
  count: number | null;
  detail: string | null;
}

/** Every sketch must decode and use the hub-wide precision, or merges would fail later at query time. */
function validateSketches(batch: AggregateBatch): void {
  batch.rows.forEach((r, i) => {
    for (const [name, text] of [['sources', r.sources], ['targets', r.targets]] as const) {
      let p: number;
      try {
        p = HyperLogLog.deserialize(text).p;
      } catch (e) {
        throw new RenkeiError('validation_failed', `invalid batch: rows.${i}.${name}: ${(e as Error).message}`);
      }
      if (p !== SKETCH_PRECISION) throw new RenkeiError('validation_failed', `invalid batch: rows.${i}.${name}: sketch precision must be ${SKETCH_PRECISION}`);
    }
  });
}

/** Who sends a batch (from the API key or session, never from the batch). */
export interface BatchSender {
  orgName: string;
  userId?: number;
}

export type BatchIngest = (p: BatchSender, raw: unknown) => Promise<{ batchId: string; duplicate: boolean }>;

/** Builds the one ingest function both transports call. */
export function createBatchIngest(deps: { stats: StatsStore; k: number; quota: IngestQuota; audit: (e: StatsAuditEntry) => Promise<void> }): BatchIngest {
  const { k, quota, audit } = deps;
  return async (p, raw) => {
    const who = { actorOrg: p.orgName, actorUserId: p.userId ?? null };
    let batch: AggregateBatch;
    try {
      batch = parseRequest(AggregateBatch, raw, 'batch');
      // An agent that asked for less than the hub's k is refused early with a clear reason; the hub does not
      // rely on it: the threshold is applied again to merged cells when figures are read.
      if (batch.k < k) throw new RenkeiError('validation_failed', `batch was aggregated with k = ${batch.k}; this hub needs k ≥ ${k} distinct sources per row`);
      validateSketches(batch);
    } catch (e) {
      await audit({ action: 'stats-ingest-refused', ...who, count: null, detail: e instanceof RenkeiError ? e.code : 'invalid' });
      throw e;
    }
    let r: { duplicate: boolean };
    try {
      r = await deps.stats.ingest(p.orgName, batch, Math.floor(Date.now() / 1000), quota);
    } catch (e) {
      if (e instanceof RenkeiError && e.code === 'rate_limited') {
        await audit({ action: 'stats-ingest-refused', ...who, count: batch.rows.length, detail: `quota ${(e.details as { limit?: string } | undefined)?.limit ?? ''}`.trim() });
      }
      throw e;
    }
    await audit({ action: r.duplicate ? 'stats-ingest-duplicate' : 'stats-ingest', ...who, count: batch.rows.length, detail: `sensor ${batch.sensorId.slice(0, 80)} hour ${batch.hour} batch ${batch.batchId}` });
    return { batchId: batch.batchId, duplicate: r.duplicate };
  };
}
