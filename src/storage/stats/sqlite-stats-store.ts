/** Statistics store on SQLite (better-sqlite3); one transaction per batch makes ingestion idempotent. */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { AggregateBatch, AggregateRow } from '../../core/stats/aggregate-batch.ts';
import type { CoverageRow, GroupRow, IngestQuota, KeySketch, RowQuery, StatsStore, StoredRow } from './port.ts';
import { checkQuota, QUOTA_WINDOWS } from './quota.ts';
import { runMigrations } from '../sqlite/migrate.ts';
import { mergeCells, type CellRecord } from './cells.ts';
import { BATCH_SEEN, CELLS_OF_HOUR, MEMBER_USAGE, coverageQuery, groupsQuery, sketchesQuery, hourSeconds, INSERT_BATCH, INSERT_COVERAGE, LEGACY_ROWS, rowsQuery, STATS_STEPS, UPSERT_CELL } from './sql.ts';

const BACKFILLED = 'cells_backfilled';

/** Wraps an open better-sqlite3 database (the hub may share its connection) or opens `path`. */
export function createSqliteStatsStore(dbOrPath: Database.Database | string): StatsStore {
  const own = typeof dbOrPath === 'string';
  const db = own ? new Database(dbOrPath) : dbOrPath;
  if (own) {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
  }
  const writeCells = (member: string, sensorId: string, hour: number, rows: readonly AggregateRow[]): void => {
    const existing = db.prepare(CELLS_OF_HOUR).all(member, sensorId, hour) as CellRecord[];
    const up = db.prepare(UPSERT_CELL);
    for (const c of mergeCells(existing, rows)) {
      up.run(member, sensorId, hour, c.cellKey, c.kind, c.gid, c.sid, c.signature, c.category, c.severity, c.port, c.proto, c.country, c.asn, c.events, c.sources, c.targets, c.distinctSources, c.distinctTargets, c.batches);
    }
  };
  // An immediate transaction holds SQLite's write lock, so no other batch of the sensor-hour interleaves.
  const usage = (member: string, since: number): { batches: number; rows: number } => db.prepare(MEMBER_USAGE).get(member, since) as { batches: number; rows: number };
  const ingestTx = db.transaction((member: string, b: AggregateBatch, receivedAt: number, quota?: IngestQuota): boolean => {
    const hour = hourSeconds(b.hour);
    if (db.prepare(BATCH_SEEN).get(b.batchId)) return false;
    if (quota) checkQuota(member, quota, usage(member, receivedAt - QUOTA_WINDOWS.batches), usage(member, receivedAt - QUOTA_WINDOWS.rows), b.rows.length);
    const inserted = db.prepare(INSERT_BATCH).run(b.batchId, member, b.sensorId, hour, receivedAt, b.rows.length, b.withheld.rows, b.withheld.events).changes;
    if (inserted === 0) return false;
    writeCells(member, b.sensorId, hour, b.rows);
    const cov = db.prepare(INSERT_COVERAGE);
    for (const h of new Set([b.hour, ...b.hoursCovered])) cov.run(member, b.sensorId, hourSeconds(h));
    return true;
  });
  // Databases from before cells keep their per-batch rows: merged once into cells.
  const backfill = db.transaction(() => {
    if (db.prepare('SELECT 1 FROM stats_settings WHERE name = ?').get(BACKFILLED)) return;
    type Legacy = AggregateRow & { member: string; sensorId: string; hour: number };
    let group: Legacy[] = [];
    const flush = (): void => {
      if (group.length) writeCells(group[0]!.member, group[0]!.sensorId, group[0]!.hour, group);
      group = [];
    };
    for (const r of db.prepare(LEGACY_ROWS).all() as Legacy[]) {
      const g = group[0];
      if (g && (g.member !== r.member || g.sensorId !== r.sensorId || g.hour !== r.hour)) flush();
      group.push(r);
    }
    flush();
    db.prepare('INSERT INTO stats_settings (name, value) VALUES (?, ?)').run(BACKFILLED, '1');
  });
  return {
    async migrate() {
      runMigrations(db, 'stats', STATS_STEPS);
      backfill.immediate();
    },
    async sketchSalt() {
      db.prepare('INSERT INTO stats_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run('sketch_salt', randomBytes(32).toString('hex'));
      return (db.prepare('SELECT value FROM stats_settings WHERE name = ?').get('sketch_salt') as { value: string }).value;
    },
    async ingest(member, batch, receivedAt, quota) {
      return { duplicate: !ingestTx.immediate(member, batch, receivedAt, quota) };
    },
    async rows(q: RowQuery) {
      const { sql, params } = rowsQuery(q);
      return db.prepare(sql).all(...params) as StoredRow[];
    },
    async groups(q) {
      const { sql, params } = groupsQuery(q);
      return (db.prepare(sql).all(...params) as Array<GroupRow & { key: string | number }>).map((r) => ({ ...r, key: String(r.key) }));
    },
    async sketches(q) {
      const { sql, params } = sketchesQuery(q);
      return (db.prepare(sql).all(...params) as Array<KeySketch & { key: string | number }>).map((r) => ({ ...r, key: String(r.key) }));
    },
    async coverage(q) {
      const { sql, params } = coverageQuery(q);
      return db.prepare(sql).all(...params) as CoverageRow[];
    },
    async setOptIn(member, optIn) {
      db.prepare('INSERT INTO stats_optin (member, opt_in) VALUES (?, ?) ON CONFLICT (member) DO UPDATE SET opt_in = excluded.opt_in').run(member, optIn ? 1 : 0);
    },
    async optedIn() {
      return (db.prepare('SELECT member FROM stats_optin WHERE opt_in = 1 ORDER BY member').all() as Array<{ member: string }>).map((r) => r.member);
    },
    async close() {
      if (own) db.close();
    },
  };
}
