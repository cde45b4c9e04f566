/**
 * Hub-side merge of agent batches: every (member, sensor, hour, row key) is one cell whose counts add and
 * whose sketches merge, whichever batches the rows came in. Thresholds are applied to cells when read,
 * never per batch, so the published figure does not depend on how an agent split its hours.
 */
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import type { AggregateRow } from '../../core/stats/aggregate-batch.ts';

/** One merged cell as stored (sketches as text). */
export interface CellRecord {
  cellKey: string;
  kind: string;
  gid: number | null;
  sid: number | null;
  signature: string | null;
  category: string | null;
  severity: number | null;
  port: number | null;
  proto: string | null;
  country: string | null;
  asn: number | null;
  events: number;
  sources: string;
  targets: string;
  distinctSources: number;
  distinctTargets: number;
  batches: number;
}

type RowKeyPart = Pick<AggregateRow, 'kind' | 'gid' | 'sid' | 'signature' | 'category' | 'severity' | 'port' | 'proto' | 'country' | 'asn'>;

/**
 * The identity of a row within a sensor-hour, as the agent aggregates it: a rule's name, category and
 * severity follow from (gid, sid) except for sid-less records, where they are part of the key.
 */
export function cellKey(r: RowKeyPart): string {
  const rule = r.sid !== null && r.sid !== 0 ? `${r.gid}:${r.sid}` : `${r.gid}:${r.sid}:${r.signature}:${r.category}:${r.severity}`;
  return `${r.kind}|${rule}|${r.port}|${r.proto}|${r.country}|${r.asn}`;
}

interface Open {
  rec: CellRecord;
  src: HyperLogLog | null;
  dst: HyperLogLog | null;
}

/**
 * Merges a batch's rows into the existing cells of its sensor-hour; returns only the cells that changed,
 * ready to be written (estimates recomputed from the merged sketches).
 */
export function mergeCells(existing: Iterable<CellRecord>, rows: readonly AggregateRow[]): CellRecord[] {
  const byKey = new Map<string, Open>();
  for (const rec of existing) byKey.set(rec.cellKey, { rec, src: null, dst: null });
  const changed = new Map<string, Open>();
  for (const r of rows) {
    const key = cellKey(r);
    let c = changed.get(key) ?? byKey.get(key);
    if (!c) {
      c = {
        rec: { cellKey: key, kind: r.kind, gid: r.gid, sid: r.sid, signature: r.signature, category: r.category, severity: r.severity, port: r.port, proto: r.proto, country: r.country, asn: r.asn, events: 0, sources: '', targets: '', distinctSources: 0, distinctTargets: 0, batches: 0 },
        src: new HyperLogLog(),
        dst: new HyperLogLog(),
      };
    } else if (!c.src) {
      c.src = HyperLogLog.deserialize(c.rec.sources);
      c.dst = HyperLogLog.deserialize(c.rec.targets);
    }
    changed.set(key, c);
    c.rec.events += r.events;
    c.src!.merge(HyperLogLog.deserialize(r.sources));
    c.dst!.merge(HyperLogLog.deserialize(r.targets));
  }
  const out: CellRecord[] = [];
  for (const c of changed.values()) {
    c.rec.batches++;
    c.rec.sources = c.src!.serialize();
    c.rec.targets = c.dst!.serialize();
    c.rec.distinctSources = c.src!.estimate();
    c.rec.distinctTargets = c.dst!.estimate();
    out.push(c.rec);
  }
  return out;
}
