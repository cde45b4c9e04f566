/** Turns closed hours into wire batches. */
import { randomBytes, randomUUID } from 'node:crypto';
import { hourIso, type AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import type { ClosedHour } from '../aggregate/hour-aggregator.ts';

export const AGENT_VERSION = 'renkei-agent/0.1.0';

/** A random sensor id (the default: the machine's host name would name the member's own host). */
export function randomSensorId(): string {
  return `sensor-${randomBytes(6).toString('hex')}`;
}

/** Builds one batch per closed hour with a fresh id. */
export function toBatches(hours: ClosedHour[], meta: { member: string; sensorId: string; k: number }): AggregateBatch[] {
  return hours.map((h) => ({
    batchId: randomUUID().replace(/-/g, ''),
    member: meta.member,
    sensorId: meta.sensorId,
    hour: hourIso(h.hour),
    hoursCovered: [hourIso(h.hour)],
    rows: h.rows,
    withheld: h.withheld,
    k: meta.k,
    agentVersion: AGENT_VERSION,
  }));
}
