/**
 * The secret noise seed of a report period: HMAC-SHA-256 of the period code under the hub's secret. Per
 * period, not per version, so a corrected version repeats the same noise and cannot be averaged against
 * the first (core/disclosure's seed policy); never published.
 */
import { createHmac } from 'node:crypto';

/** A seed function for `composeReport` from the hub's secret. */
export function reportSeeds(secret: string): (periodCode: string) => Uint8Array {
  return (code) => new Uint8Array(createHmac('sha256', secret).update(`renkei-report-seed/1\u0000${code}`).digest());
}
