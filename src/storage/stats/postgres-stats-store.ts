/** Statistics store on PostgreSQL (pg); tables live in `schema` (created if missing). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { numberedParams as toPg } from '../common/dialect.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { AggregateBatch, AggregateRow } from '../../core/stats/aggregate-batch.ts';
import type { CoverageRow, RowQuery, StatsStore, StoredRow } from './port.ts';
import { runMigrations } from '../postgres/migrate.ts';
import { mergeCells, type CellRecord } from './cells.ts';
import { checkQuota, QUOTA_WINDOWS } from './quota.ts';
import { BATCH_SEEN, MEMBER_USAGE, CELL_COLUMNS, CELL_UPSERT_TAIL, CELLS_OF_HOUR, coverageQuery, groupsQuery, sketchesQuery, hourSeconds, INSERT_BATCH, INSERT_COVERAGE, LEGACY_ROWS, rowsQuery, STATS_STEPS } from './sql.ts';


/** BIGINT columns come back as strings from pg; the port promises numbers. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const BACKFILLED = 'cells_backfilled';
const CELL_TYPES = ['text', 'text', 'bigint', 'bigint', 'text', 'text', 'integer', 'integer', 'text', 'text', 'bigint', 'bigint', 'text', 'text', 'bigint', 'bigint', 'integer'];
/** All changed cells of a sensor-hour in one statement (arrays unnested), not one round trip per row. */
const UPSERT_CELLS = `INSERT INTO stats_cells (member, sensor_id, hour, ${CELL_COLUMNS.join(', ')})
  SELECT $1, $2, $3, * FROM unnest(${CELL_TYPES.map((t, i) => `$${i + 4}::${t}[]`).join(', ')}) ${CELL_UPSERT_TAIL}`;

async function writeCells(client: pg.PoolClient, member: string, sensorId: string, hour: number, rows: readonly AggregateRow[]): Promise<void> {
  // The sensor-hour's lock: a concurrent batch of the same hour waits, then merges into what this one wrote.
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`stats:${member}\u0001${sensorId}\u0001${hour}`]);
  const existing = (await client.query<Record<string, unknown>>(toPg(CELLS_OF_HOUR), [member, sensorId, hour])).rows.map(
    (r) => ({ ...r, gid: num(r.gid), sid: num(r.sid), asn: num(r.asn), events: num(r.events)!, distinctSources: num(r.distinctSources)!, distinctTargets: num(r.distinctTargets)! }) as CellRecord,
  );
  const cells = mergeCells(existing, rows);
  if (cells.length === 0) return;
  const cols: unknown[][] = CELL_COLUMNS.map(() => []);
  for (const c of cells) {
    const v = [c.cellKey, c.kind, c.gid, c.sid, c.signature, c.category, c.severity, c.port, c.proto, c.country, c.asn, c.events, c.sources, c.targets, c.distinctSources, c.distinctTargets, c.batches];
    v.forEach((x, i) => cols[i]!.push(x));
  }
  await client.query(UPSERT_CELLS, [member, sensorId, hour, ...cols]);
}

/**
 * Opens a pool on `url` with `search_path` set to `schema` (created by migrate), or uses a caller's `pool`
 * as it is (its own search_path decides where the tables live).
 */
export function createPostgresStatsStore(opts: { url: string; schema?: string } | { pool: pg.Pool }): StatsStore {
  const schema = ('schema' in opts ? opts.schema : undefined) ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RenkeiError('config_invalid', `invalid PostgreSQL schema name: ${schema}`);
  const own = 'url' in opts;
  const pool = own ? new pg.Pool({ connectionString: opts.url, max: 4, options: `-c search_path=${schema}` }) : opts.pool;
  pool.on('error', () => undefined);
  const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await pool.query(toPg(sql), params)).rows as T[];
  const inTx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const r = await fn(client);
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  return {
    async migrate() {
      if (own) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await runMigrations(pool, 'stats', STATS_STEPS);
      // Databases from before cells keep their per-batch rows: merged once into cells.
      await inTx(async (c) => {
        await c.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':stats-backfill'))");
        if ((await c.query('SELECT 1 FROM stats_settings WHERE name = $1', [BACKFILLED])).rowCount) return;
        type Legacy = AggregateRow & { member: string; sensorId: string; hour: number };
        const legacy = (await c.query<Record<string, unknown>>(LEGACY_ROWS)).rows.map((r) => ({ ...r, hour: num(r.hour), gid: num(r.gid), sid: num(r.sid), asn: num(r.asn), events: num(r.events) }) as Legacy);
        let group: Legacy[] = [];
        for (let i = 0; i <= legacy.length; i++) {
          const r = legacy[i];
          const g = group[0];
          if (g && (!r || g.member !== r.member || g.sensorId !== r.sensorId || g.hour !== r.hour)) {
            await writeCells(c, g.member, g.sensorId, g.hour, group);
            group = [];
          }
          if (r) group.push(r);
        }
        await c.query('INSERT INTO stats_settings (name, value) VALUES ($1, $2)', [BACKFILLED, '1']);
      });
    },
    async sketchSalt() {
      await q('INSERT INTO stats_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', ['sketch_salt', randomBytes(32).toString('hex')]);
      return (await q<{ value: string }>('SELECT value FROM stats_settings WHERE name = ?', ['sketch_salt']))[0]!.value;
    },
    async ingest(member, b: AggregateBatch, receivedAt, quota) {
      try {
        return await inTx(async (client) => {
          const hour = hourSeconds(b.hour);
          if ((await client.query(toPg(BATCH_SEEN), [b.batchId])).rowCount) return { duplicate: true };
          if (quota) {
            // One member's ingests queue here so the quota is exact under concurrency.
            await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`stats-quota:${member}`]);
            const use = async (since: number) => {
              const r = (await client.query<{ batches: string; rows: string }>(toPg(MEMBER_USAGE), [member, since])).rows[0]!;
              return { batches: Number(r.batches), rows: Number(r.rows) };
            };
            checkQuota(member, quota, await use(receivedAt - QUOTA_WINDOWS.batches), await use(receivedAt - QUOTA_WINDOWS.rows), b.rows.length);
          }
          const ins = await client.query(toPg(INSERT_BATCH), [b.batchId, member, b.sensorId, hour, receivedAt, b.rows.length, b.withheld.rows, b.withheld.events]);
          if (ins.rowCount === 0) return { duplicate: true };
          await writeCells(client, member, b.sensorId, hour, b.rows);
          for (const h of new Set([b.hour, ...b.hoursCovered])) await client.query(toPg(INSERT_COVERAGE), [member, b.sensorId, hourSeconds(h)]);
          return { duplicate: false };
        });
      } catch (e) {
        // A concurrent insert of the same batch id loses the race: that is a duplicate, not an error.
        if ((e as { code?: string }).code === '23505') return { duplicate: true };
        throw e;
      }
    },
    async rows(query: RowQuery) {
      const { sql, params } = rowsQuery(query);
      const rows = await q<Record<string, unknown>>(sql, params);
      return rows.map((r) => ({ ...r, hour: num(r.hour)!, sid: num(r.sid), asn: num(r.asn), port: num(r.port), events: num(r.events)! }) as StoredRow);
    },
    async groups(query) {
      const { sql, params } = groupsQuery(query);
      return (await q<Record<string, unknown>>(sql, params)).map((r) => ({ bucket: num(r.bucket)!, key: String(r.key), member: String(r.member), events: num(r.events)!, label: (r.label as string | null) ?? null }));
    },
    async sketches(query) {
      const { sql, params } = sketchesQuery(query);
      return (await q<Record<string, unknown>>(sql, params)).map((r) => ({ bucket: num(r.bucket)!, key: String(r.key), sources: String(r.sources), targets: String(r.targets) }));
    },
    async coverage(query) {
      const { sql, params } = coverageQuery(query);
      return (await q<Record<string, unknown>>(sql, params)).map((r) => ({ ...r, hour: num(r.hour)! }) as CoverageRow);
    },
    async setOptIn(member, optIn) {
      await q('INSERT INTO stats_optin (member, opt_in) VALUES (?, ?) ON CONFLICT (member) DO UPDATE SET opt_in = excluded.opt_in', [member, optIn ? 1 : 0]);
    },
    async optedIn() {
      return (await q<{ member: string }>('SELECT member FROM stats_optin WHERE opt_in = 1 ORDER BY member')).map((r) => r.member);
    },
    async close() {
      if (own) await pool.end();
    },
  };
}
