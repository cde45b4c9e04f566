/** SQL shared by the SQLite and PostgreSQL statistics adapters (`?` placeholders; PostgreSQL rewrites them). */
import type { Dimension, GroupQuery, RowQuery } from './port.ts';

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
  // Merged cells: one row per (member, sensor, hour, row key) however many batches carried it.
  `CREATE TABLE stats_cells (
     member TEXT NOT NULL,
     sensor_id TEXT NOT NULL,
     hour BIGINT NOT NULL,
     cell_key TEXT NOT NULL,
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
     targets TEXT NOT NULL,
     distinct_sources BIGINT NOT NULL,
     distinct_targets BIGINT NOT NULL,
     batches INTEGER NOT NULL,
     PRIMARY KEY (member, sensor_id, hour, cell_key)
   );
   CREATE INDEX stats_cells_hour ON stats_cells(hour);
   CREATE INDEX stats_cells_country ON stats_cells(country, hour);
   CREATE INDEX stats_cells_port ON stats_cells(port, hour);
   CREATE INDEX stats_cells_sid ON stats_cells(sid, hour);
   CREATE INDEX stats_cells_asn ON stats_cells(asn, hour);
   CREATE INDEX stats_batches_member ON stats_batches(member, received_at);`,
];

export const INSERT_BATCH = `INSERT INTO stats_batches (batch_id, member, sensor_id, hour, received_at, row_count, withheld_rows, withheld_events)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING`;
/** A batch id already stored. */
export const BATCH_SEEN = 'SELECT 1 AS seen FROM stats_batches WHERE batch_id = ?';

/** What a member sent since a time: batches and rows (for quotas). */
export const MEMBER_USAGE = 'SELECT COUNT(*) AS batches, COALESCE(SUM(row_count), 0) AS rows FROM stats_batches WHERE member = ? AND received_at > ?';

/** The cells of one sensor-hour (to merge a new batch into). */
export const CELLS_OF_HOUR = `SELECT cell_key AS "cellKey", kind, gid, sid, signature, category, severity, port, proto, country, asn, events, sources, targets,
  distinct_sources AS "distinctSources", distinct_targets AS "distinctTargets", batches
  FROM stats_cells WHERE member = ? AND sensor_id = ? AND hour = ?`;

/** Columns of `stats_cells` in insert order (after member, sensor_id, hour). */
export const CELL_COLUMNS = ['cell_key', 'kind', 'gid', 'sid', 'signature', 'category', 'severity', 'port', 'proto', 'country', 'asn', 'events', 'sources', 'targets', 'distinct_sources', 'distinct_targets', 'batches'] as const;

/** The ON CONFLICT clause of a cell write: the merged values computed under the sensor-hour's lock win. */
export const CELL_UPSERT_TAIL = `ON CONFLICT (member, sensor_id, hour, cell_key) DO UPDATE SET events = excluded.events, sources = excluded.sources,
  targets = excluded.targets, distinct_sources = excluded.distinct_sources, distinct_targets = excluded.distinct_targets, batches = excluded.batches`;

export const UPSERT_CELL = `INSERT INTO stats_cells (member, sensor_id, hour, ${CELL_COLUMNS.join(', ')})
  VALUES (${Array.from({ length: CELL_COLUMNS.length + 3 }, () => '?').join(', ')}) ${CELL_UPSERT_TAIL}`;

/** Legacy per-batch rows (before cells), read once to build the cells of databases made before them. */
export const LEGACY_ROWS = `SELECT r.member, r.sensor_id AS "sensorId", r.hour, r.kind, r.gid, r.sid, r.signature, r.category, r.severity, r.port, r.proto, r.country, r.asn, r.events, r.sources, r.targets
  FROM stats_rows r ORDER BY r.member, r.sensor_id, r.hour, r.batch_id`;

export const INSERT_ROW = `INSERT INTO stats_rows (batch_id, hour, member, sensor_id, kind, gid, sid, signature, category, severity, port, proto, country, asn, events, sources, targets)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_COVERAGE = `INSERT INTO stats_coverage (member, sensor_id, hour) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`;

const DIM_COLUMN: Record<Dimension, string> = { port: 'port', signature: 'sid', country: 'country', asn: 'asn' };

/** SELECT for stored rows matching a query, with its parameters. */
export function rowsQuery(q: RowQuery): { sql: string; params: unknown[] } {
  const where = ['hour >= ?', 'hour < ?'];
  const params: unknown[] = [q.from, q.to];
  if (q.minSources !== undefined) {
    where.push('distinct_sources >= ?');
    params.push(q.minSources);
  }
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
          FROM stats_cells WHERE ${where.join(' AND ')} ORDER BY hour, member, sensor_id, cell_key`,
    params,
  };
}

const LABEL_COLUMN: Record<Dimension, string> = { port: 'MIN(proto)', signature: 'MIN(signature)', country: 'NULL', asn: 'NULL' };

/** The WHERE clause shared by row and group queries. */
function cellWhere(q: RowQuery): { where: string[]; params: unknown[] } {
  const { sql, params } = rowsQuery(q);
  return { where: [sql.slice(sql.indexOf('WHERE ') + 6, sql.indexOf(' ORDER BY'))], params };
}

/** A validated bucket length, inlined (a parameter in both SELECT and GROUP BY would be two expressions to PostgreSQL). */
function bucketExpr(q: GroupQuery): string {
  const b = Math.floor(q.bucketSeconds);
  if (!Number.isSafeInteger(b) || b < 1) throw new Error(`invalid bucket length ${q.bucketSeconds}`);
  return `(hour / ${b}) * ${b}`;
}

/** SELECT of events per bucket, key and member (no sketch column is read). */
export function groupsQuery(q: GroupQuery): { sql: string; params: unknown[] } {
  const { where, params } = cellWhere(q);
  const col = DIM_COLUMN[q.dimension];
  const b = bucketExpr(q);
  return {
    sql: `SELECT ${b} AS bucket, ${col} AS "key", member, SUM(events) AS events, ${LABEL_COLUMN[q.dimension]} AS label
          FROM stats_cells WHERE ${where.join(' AND ')} AND ${col} IS NOT NULL GROUP BY ${b}, ${col}, member`,
    params,
  };
}

/** SELECT of the sketches of cells with one of `keys` in the query's dimension. */
export function sketchesQuery(q: GroupQuery & { keys: readonly string[] }): { sql: string; params: unknown[] } {
  if (q.keys.length > 1000) throw new Error('too many keys in one sketch query');
  const { filter: _f, keys: _k, ...rest } = q;
  const { where, params } = cellWhere(rest);
  const col = DIM_COLUMN[q.dimension];
  const keys = q.keys.map((k) => (q.dimension === 'country' ? k : Number(k)));
  return {
    sql: `SELECT ${bucketExpr(q)} AS bucket, ${col} AS "key", sources, targets FROM stats_cells
          WHERE ${where.join(' AND ')} AND ${col} IN (${keys.map(() => '?').join(', ') || 'NULL'})`,
    params: [...params, ...keys],
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
