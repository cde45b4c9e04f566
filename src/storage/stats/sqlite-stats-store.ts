/** Statistics store on SQLite (better-sqlite3); one transaction per batch makes ingestion idempotent. */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import type { CoverageRow, RowQuery, StatsStore, StoredRow } from './port.ts';
import { runMigrations } from '../sqlite/migrate.ts';
import { coverageQuery, hourSeconds, INSERT_BATCH, INSERT_COVERAGE, INSERT_ROW, rowsQuery, STATS_STEPS } from './sql.ts';

/** Wraps an open better-sqlite3 database (the hub may share its connection) or opens `path`. */
export function createSqliteStatsStore(dbOrPath: Database.Database | string): StatsStore {
  const own = typeof dbOrPath === 'string';
  const db = own ? new Database(dbOrPath) : dbOrPath;
  if (own) {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
  }
  const ingestTx = db.transaction((member: string, b: AggregateBatch, receivedAt: number): boolean => {
    const hour = hourSeconds(b.hour);
    const inserted = db.prepare(INSERT_BATCH).run(b.batchId, member, b.sensorId, hour, receivedAt, b.rows.length, b.withheld.rows, b.withheld.events).changes;
    if (inserted === 0) return false;
    const ins = db.prepare(INSERT_ROW);
    for (const r of b.rows) {
      ins.run(b.batchId, hour, member, b.sensorId, r.kind, r.gid, r.sid, r.signature, r.category, r.severity, r.port, r.proto, r.country, r.asn, r.events, r.sources, r.targets);
    }
    const cov = db.prepare(INSERT_COVERAGE);
    for (const h of new Set([b.hour, ...b.hoursCovered])) cov.run(member, b.sensorId, hourSeconds(h));
    return true;
  });
  return {
    async migrate() {
      runMigrations(db, 'stats', STATS_STEPS);
    },
    async sketchSalt() {
      db.prepare('INSERT INTO stats_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run('sketch_salt', randomBytes(32).toString('hex'));
      return (db.prepare('SELECT value FROM stats_settings WHERE name = ?').get('sketch_salt') as { value: string }).value;
    },
    async ingest(member, batch, receivedAt) {
      return { duplicate: !ingestTx.immediate(member, batch, receivedAt) };
    },
    async rows(q: RowQuery) {
      const { sql, params } = rowsQuery(q);
      return db.prepare(sql).all(...params) as StoredRow[];
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
