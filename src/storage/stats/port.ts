/** The statistics store: idempotent batch ingestion and the row/coverage reads the stats service needs. */
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';

/** The dimensions statistics are grouped by. */
export type Dimension = 'port' | 'signature' | 'country' | 'asn';

/**
 * One stored aggregate cell as read back (hour in epoch seconds): all batches of the same member, sensor,
 * hour and row key merged (events added, sketches merged).
 */
export interface StoredRow {
  hour: number;
  member: string;
  sensorId: string;
  kind: string;
  sid: number | null;
  signature: string | null;
  category: string | null;
  port: number | null;
  proto: string | null;
  country: string | null;
  asn: number | null;
  events: number;
  sources: string;
  targets: string;
}

/** Which rows to read. `member` restricts to one member's own rows. */
export interface RowQuery {
  from: number;
  to: number;
  member?: string;
  /** Only cells whose merged sketch estimates at least this many distinct sources (the hub's own k). */
  minSources?: number;
  /** Restrict to one key of a dimension (port number, sid, country code, ASN). */
  filter?: { dimension: Dimension; key: string };
}

/** Cells grouped per time bucket (`bucketSeconds` long) and key of a dimension; cells without that key are left out. */
export interface GroupQuery extends RowQuery {
  dimension: Dimension;
  bucketSeconds: number;
}

/** Events of one member for one key in one bucket: no sketch is read (cheap to answer over many cells). */
export interface GroupRow {
  bucket: number;
  key: string;
  member: string;
  events: number;
  label: string | null;
}

/** The sketches of the cells of some keys (only those asked for are read and decoded). */
export interface KeySketch {
  bucket: number;
  key: string;
  sources: string;
  targets: string;
}

/** One sensor-hour the sensor reported (the denominator of per-sensor averages). */
export interface CoverageRow {
  hour: number;
  member: string;
  sensorId: string;
}

/** Per-member ingest quotas, checked in the ingest transaction (a redelivered batch id never counts). */
export interface IngestQuota {
  rowsPerHour: number;
  batchesPerMinute: number;
}

/** Storage port; SQLite and PostgreSQL adapters pass the same contract tests. */
export interface StatsStore {
  migrate(): Promise<void>;
  /** The hub-wide salt agents hash sources with (created once). */
  sketchSalt(): Promise<string>;
  /**
   * Stores a batch unless its id was seen before, merging its rows into the cells of its sensor-hour;
   * atomic (the batch id, every cell and the coverage commit together).
   */
  ingest(member: string, batch: AggregateBatch, receivedAt: number, quota?: IngestQuota): Promise<{ duplicate: boolean }>;
  rows(q: RowQuery): Promise<StoredRow[]>;
  /** Per bucket, key and member: summed events and a label; computed by the database, no sketches read. */
  groups(q: GroupQuery): Promise<GroupRow[]>;
  /** The sketches of cells whose dimension key is one of `keys` (at most 1,000 keys). */
  sketches(q: GroupQuery & { keys: readonly string[] }): Promise<KeySketch[]>;
  coverage(q: { from: number; to: number; member?: string }): Promise<CoverageRow[]>;
  setOptIn(member: string, optIn: boolean): Promise<void>;
  optedIn(): Promise<string[]>;
  close(): Promise<void>;
}
