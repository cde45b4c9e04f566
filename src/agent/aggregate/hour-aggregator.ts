/**
 * Hourly aggregation: (kind, gid, sid, signature, category, severity, port, proto, country, ASN) →
 * events + HyperLogLog of sources + HyperLogLog of targets. Rows with fewer than k distinct sources are
 * withheld when an hour is closed. Open hours can be snapshotted for crash-safe checkpoints.
 */
import { HyperLogLog } from '../../core/sketch/hyperloglog.ts';
import type { AggregateRow } from '../../core/stats/aggregate-batch.ts';
import { detach } from '../../core/net/detach.ts';
import { Interner } from './interner.ts';
import { RowIndex } from './row-index.ts';
import type { RowKey } from './row-key.ts';
import { RowTable } from './row-table.ts';

export type { RowKey } from './row-key.ts';


interface RowAgg {
  key: RowKey;
  events: number;
  src: HyperLogLog;
  dst: HyperLogLog;
  /**
   * Exact distinct sources (low hash words, in first-seen order) up to the cap (≥ k), for an exact
   * k-threshold on small rows. A plain array: at most 64 short entries, where a Set per row cost more to
   * create than the rows' whole lifetime of lookups.
   */
  exact: number[] | null;
}

/** A closed hour: rows that pass the threshold and what was withheld. */
export interface ClosedHour {
  hour: number;
  rows: AggregateRow[];
  withheld: { rows: number; events: number };
}

/** JSON-safe snapshot of the open hours. */
export type AggregatorSnapshot = Array<{ hour: number; rows: Array<{ key: RowKey; events: number; src: string; dst: string; exact: number[] | null }> }>;

/**
 * Row identity. Rule name, category and severity follow from (gid, sid) except for sid-less records, so
 * they join the key only then. This string form is the fallback for unusual values; the hot path uses
 * the numeric keys of `RowIndex` below, which identify exactly the same rows.
 */
function keyString(k: RowKey): string {
  const rule = k.sid !== null && k.sid !== 0 ? `${k.gid}:${k.sid}` : `${k.gid}:${k.sid}:${k.signature}:${k.category}:${k.severity}`;
  return `${k.kind}|${rule}|${k.port}|${k.proto}|${k.country}|${k.asn}`;
}

/** The rows of one open hour, in insertion order, indexed by numeric keys (or the string key as fallback). */
interface HourRows {
  list: RowAgg[];
  byNum: RowTable<RowAgg>;
  byStr: Map<string, RowAgg>;
}

const newHour = (): HourRows => ({ list: [], byNum: new RowTable(), byStr: new Map() });

/** Accumulates events into hour buckets. */
export class HourAggregator {
  readonly #hours = new Map<number, HourRows>();
  readonly #index = new RowIndex();
  readonly #k: number;
  readonly #p: number;
  readonly #cap: number;
  #lastHour = Number.NaN;
  #lastRows: HourRows | null = null;

  constructor(k = 3, precision = 12) {
    this.#k = k;
    this.#p = precision;
    this.#cap = Math.min(64, Math.max(8, k));
  }

  #rowsOf(hour: number): HourRows {
    if (hour === this.#lastHour && this.#lastRows) return this.#lastRows;
    let rows = this.#hours.get(hour);
    if (!rows) {
      rows = newHour();
      this.#hours.set(hour, rows);
    }
    this.#lastHour = hour;
    this.#lastRows = rows;
    return rows;
  }

  /** Finds the row for `key` in an hour, or inserts `make(key)` for it. */
  #row(rows: HourRows, key: RowKey, make: (key: RowKey) => RowAgg): RowAgg {
    const idx = this.#index;
    let r: RowAgg | undefined;
    if (idx.keys(key)) {
      r = rows.byNum.get(idx.w1, idx.w2, idx.w3);
      if (!r) {
        r = make(key);
        rows.byNum.add(idx.w1, idx.w2, idx.w3, r);
        rows.list.push(r);
      }
      return r;
    }
    const ks = keyString(key);
    r = rows.byStr.get(ks);
    if (!r) {
      r = make(key);
      rows.byStr.set(detach(ks), r);
      rows.list.push(r);
    }
    return r;
  }

  readonly #strings = new Interner();

  readonly #newRow = (key: RowKey): RowAgg => ({
    // Detach key strings from the read chunk they were sliced from (see net/detach.ts).
    key: { ...key, signature: this.#strings.get(key.signature), category: this.#strings.get(key.category), proto: this.#strings.get(key.proto), country: this.#strings.get(key.country) },
    events: 0,
    src: new HyperLogLog(this.#p),
    dst: new HyperLogLog(this.#p),
    exact: [],
  });

  /**
   * Adds one event: the source's 64-bit hash as unsigned words, and the target's when `hasTarget`. Words
   * rather than pairs, so callers can keep hashes in flat arrays.
   */
  add(hour: number, key: RowKey, srcHi: number, srcLo: number, hasTarget: boolean, tgtHi: number, tgtLo: number): void {
    const r = this.#row(this.#rowsOf(hour), key, this.#newRow);
    r.events++;
    r.src.addHash(srcHi, srcLo);
    if (hasTarget) r.dst.addHash(tgtHi, tgtLo);
    const exact = r.exact;
    if (exact !== null) {
      if (!exact.includes(srcLo)) exact.push(srcLo);
      if (exact.length >= this.#cap) r.exact = null;
    }
  }

  /** Marks an hour as covered by the sensor even if nothing in it is aggregated. */
  touch(hour: number): void {
    this.#rowsOf(hour);
  }

  /** Hours currently open, ascending. */
  openHours(): number[] {
    return [...this.#hours.keys()].sort((a, b) => a - b);
  }

  /** Closes and returns every hour strictly before `hour` (all hours when omitted). */
  close(before = Number.POSITIVE_INFINITY): ClosedHour[] {
    const out: ClosedHour[] = [];
    for (const hour of this.openHours()) {
      if (hour >= before) break;
      const rows = this.#hours.get(hour)!;
      this.#hours.delete(hour);
      if (hour === this.#lastHour) this.#lastRows = null;
      const closed: ClosedHour = { hour, rows: [], withheld: { rows: 0, events: 0 } };
      for (const r of rows.list) {
        // Exact while small; past the cap (or after a restore of an old snapshot) the sketch decides.
        const distinct = r.exact ? r.exact.length : r.src.estimate();
        if (distinct < this.#k) {
          closed.withheld.rows++;
          closed.withheld.events += r.events;
          continue;
        }
        closed.rows.push({ ...r.key, events: r.events, sources: r.src.serialize(), targets: r.dst.serialize() });
      }
      out.push(closed);
    }
    return out;
  }

  /** Snapshot of the open hours for a checkpoint. */
  snapshot(): AggregatorSnapshot {
    return this.openHours().map((hour) => ({
      hour,
      rows: this.#hours.get(hour)!.list.map((r) => ({
        key: r.key,
        events: r.events,
        src: r.src.serialize(),
        dst: r.dst.serialize(),
        exact: r.exact ? r.exact.slice() : null,
      })),
    }));
  }

  /** Restores open hours from a snapshot (replacing current state). */
  restore(snap: AggregatorSnapshot): void {
    this.#hours.clear();
    this.#lastRows = null;
    for (const h of snap) {
      const rows = newHour();
      for (const r of h.rows) {
        this.#row(rows, r.key, (key) => ({
          key,
          events: r.events,
          src: HyperLogLog.deserialize(r.src),
          dst: HyperLogLog.deserialize(r.dst),
          // Through a Set: the array must hold each source once, whatever the snapshot says.
          exact: r.exact ? [...new Set(r.exact)] : null,
        }));
      }
      this.#hours.set(h.hour, rows);
    }
  }
}
