/** Test helpers: build valid aggregate batches with real sketches (used by store, route and agent tests). */
import { createHash, randomUUID } from 'node:crypto';
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import type { AggregateBatch, AggregateRow } from '../../core/stats/aggregate-batch.ts';

/** A sketch over synthetic source names (same name → same hash, so overlaps merge). */
export function sketchOf(names: string[]): string {
  const h = new HyperLogLog();
  for (const n of names) {
    const d = createHash('sha256').update(n).digest();
    h.addHash(d.readUInt32BE(0), d.readUInt32BE(4));
  }
  return h.serialize();
}

/** A row with `events` events from the given sources. */
export function row(partial: Omit<Partial<AggregateRow>, 'sources' | 'targets'> & { events: number; sources: string[] }): AggregateRow {
  return {
    kind: 'alert',
    gid: 1,
    sid: 2000001,
    signature: 'ET SCAN test',
    category: 'Attempted Information Leak',
    severity: 2,
    port: 23,
    proto: 'TCP',
    country: 'CN',
    asn: 4134,
    ...partial,
    events: partial.events,
    sources: sketchOf(partial.sources),
    targets: sketchOf(partial.sources.map((s) => `t-${s}`).slice(0, 3)),
  };
}

/** A batch for one sensor-hour. */
export function batch(hourMs: number, sensorId: string, rows: AggregateRow[], member = 'ignored'): AggregateBatch {
  return {
    batchId: randomUUID().replace(/-/g, ''),
    member,
    sensorId,
    hour: new Date(hourMs).toISOString(),
    hoursCovered: [new Date(hourMs).toISOString()],
    rows,
    withheld: { rows: 0, events: 0 },
    k: 3,
    agentVersion: 'test',
  };
}

/** n source names with a prefix. */
export const sources = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
