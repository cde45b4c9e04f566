/** SQL shared by the SQLite and PostgreSQL statistics adapters (`?` placeholders; PostgreSQL rewrites them). */
import type { Dimension, RowQuery } from './port.ts';

/**
 * Migration steps of the `stats` module for the shared runners (`sqlite/migrate.ts`, `postgres/migrate.ts`):
 * step i is version i+1; append new steps, never edit applied ones. Identical DDL for both engines
 * (BIGINT/TEXT only). Step 1 keeps IF NOT EXISTS so databases made before the runner adopt it unchanged.
 */
export const STATS_STEPS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS stats_batches (
     batch_id TEXT PRIMARY KEY,
     member TEXT NOT NULL,
     sensor_id TEXT NOT NULL,
     hour BIGINT NOT NULL,
     received_at BIGINT NOT NULL,
     row_count INTEGER NOT NULL,
     withheld_rows INTEGER NOT NULL,
     withheld_events BIGINT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS stats_rows (
     batch_id TEXT NOT NULL REFERENCES stats_batches(batch_id),
     hour BIGINT NOT NULL,
     member TEXT NOT NULL,
     sensor_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     gid BIGINT,
     sid BIGINT,
     signature TEXT,
     category TEXT,
     severity INTEGER,
     port INTEGER,
     proto TEXT,
     country TEXT,
     asn BIGINT,
     events BIGINT NOT NULL,
     sources TEXT NOT NULL,
     targets TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS stats_rows_hour ON stats_rows(hour);
   CREATE INDEX IF NOT EXISTS stats_rows_country ON stats_rows(country, hour);
   CREATE INDEX IF NOT EXISTS stats_rows_port ON stats_rows(port, hour);
   CREATE TABLE IF NOT EXISTS stats_coverage (
     member TEXT NOT NULL,
     sensor_id TEXT NOT NULL,
     hour BIGINT NOT NULL,
     PRIMARY KEY (member, sensor_id, hour)
   );
   CREATE TABLE IF NOT EXISTS stats_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS stats_optin (member TEXT PRIMARY KEY, opt_in INTEGER NOT NULL);`,
];

export const INSERT_BATCH = `INSERT INTO stats_batches (batch_id, member, sensor_id, hour, received_at, row_count, withheld_rows, withheld_events)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING`;
export const INSERT_ROW = `INSERT INTO stats_rows (batch_id, hour, member, sensor_id, kind, gid, sid, signature, category, severity, port, proto, country, asn, events, sources, targets)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_COVERAGE = `INSERT INTO stats_coverage (member, sensor_id, hour) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`;

const DIM_COLUMN: Record<Dimension, string> = { port: 'port', signature: 'sid', country: 'country', asn: 'asn' };

/** SELECT for stored rows matching a query, with its parameters. */
export function rowsQuery(q: RowQuery): { sql: string; params: unknown[] } {
  const where = ['hour >= ?', 'hour < ?'];
  const params: unknown[] = [q.from, q.to];
  if (q.member !== undefined) {
    where.push('member = ?');
    params.push(q.member);
  }
  if (q.filter) {
    const col = DIM_COLUMN[q.filter.dimension];
    where.push(`${col} = ?`);
    params.push(q.filter.dimension === 'country' ? q.filter.key : Number(q.filter.key));
  }
  return {
    sql: `SELECT hour, member, sensor_id AS "sensorId", kind, sid, signature, category, port, proto, country, asn, events, sources, targets
          FROM stats_rows WHERE ${where.join(' AND ')}`,
    params,
  };
}

/** SELECT for coverage rows. */
export function coverageQuery(q: { from: number; to: number; member?: string }): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.to];
  let sql = 'SELECT hour, member, sensor_id AS "sensorId" FROM stats_coverage WHERE hour >= ? AND hour < ?';
  if (q.member !== undefined) {
    sql += ' AND member = ?';
    params.push(q.member);
  }
  return { sql, params };
}

/** Converts ISO hour text to epoch seconds. */
export function hourSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
