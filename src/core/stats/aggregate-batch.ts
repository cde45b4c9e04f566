/**
 * The wire shape of what an agent sends: hourly aggregates only. Sketches are HyperLogLog text (never
 * addresses); names are rule names and categories, never customer host names. Shared by agent and hub.
 */
import { z } from 'zod';

const HOUR = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z$/, 'hour must be an ISO hour start (…T13:00:00.000Z)');
const SKETCH = z.string().max(20_000).regex(/^hll1[sd]:\d{1,2}:[A-Za-z0-9+/=]*$/);

/** One aggregate row: a key and its counts for one hour. */
export const AggregateRow = z.object({
  kind: z.enum(['alert', 'anomaly', 'drop', 'firewall', 'flow']),
  gid: z.number().int().min(0).nullable(),
  sid: z.number().int().min(0).nullable(),
  signature: z.string().max(512).nullable(),
  category: z.string().max(256).nullable(),
  severity: z.number().int().min(0).max(255).nullable(),
  port: z.number().int().min(0).max(65535).nullable(),
  proto: z.string().max(16).nullable(),
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  asn: z.number().int().min(0).max(4294967295).nullable(),
  events: z.number().int().min(1),
  sources: SKETCH,
  targets: SKETCH,
});
export type AggregateRow = z.infer<typeof AggregateRow>;

/** One batch: one sensor, one hour. `batchId` makes delivery idempotent. */
export const AggregateBatch = z.object({
  batchId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  member: z.string().min(1).max(200),
  sensorId: z.string().min(1).max(200),
  hour: HOUR,
  hoursCovered: z.array(HOUR).max(24 * 31),
  rows: z.array(AggregateRow).max(100_000),
  withheld: z.object({ rows: z.number().int().min(0), events: z.number().int().min(0) }),
  k: z.number().int().min(1),
  agentVersion: z.string().max(40),
});
export type AggregateBatch = z.infer<typeof AggregateBatch>;

/** Hour start (ms) of a timestamp. */
export function hourOf(ts: number): number {
  return Math.floor(ts / 3_600_000) * 3_600_000;
}

/** ISO text of an hour start. */
export function hourIso(hourMs: number): string {
  return new Date(hourMs).toISOString();
}
