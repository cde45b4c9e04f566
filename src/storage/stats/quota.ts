/** Per-member ingest quota check shared by the SQLite and PostgreSQL statistics stores. */
import { RenkeiError } from '../../core/errors.ts';
import type { IngestQuota } from './port.ts';

/** Usage windows: batches per minute, rows per hour (seconds). */
export const QUOTA_WINDOWS = { batches: 60, rows: 3600 } as const;

/**
 * Throws `rate_limited` when accepting `rows` more rows would exceed the member's quota, given what it sent
 * in the last minute (batches) and hour (rows). The message says which limit and when to retry.
 */
export function checkQuota(member: string, quota: IngestQuota, lastMinute: { batches: number }, lastHour: { rows: number }, rows: number): void {
  if (lastMinute.batches >= quota.batchesPerMinute) {
    throw new RenkeiError('rate_limited', `statistics quota: ${member} sent ${lastMinute.batches} batches in the last minute (limit ${quota.batchesPerMinute} per minute); retry within a minute`, { limit: 'batchesPerMinute', quota: quota.batchesPerMinute, retryAfterSeconds: 60 });
  }
  if (rows > quota.rowsPerHour) {
    throw new RenkeiError('rate_limited', `statistics quota: a batch of ${rows} rows exceeds the limit of ${quota.rowsPerHour} rows per hour; split it or ask the hub operator to raise RENKEI_HUB_STATS_ROWS_PER_HOUR`, { limit: 'rowsPerHour', quota: quota.rowsPerHour, retryAfterSeconds: 3600 });
  }
  if (lastHour.rows + rows > quota.rowsPerHour) {
    throw new RenkeiError('rate_limited', `statistics quota: ${member} sent ${lastHour.rows} rows in the last hour; ${rows} more would exceed ${quota.rowsPerHour} rows per hour; retry later`, { limit: 'rowsPerHour', quota: quota.rowsPerHour, retryAfterSeconds: 600 });
  }
}
