/** Statistics store on PostgreSQL (pg); tables live in `schema` (created if missing). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { RenkeiError } from '../../core/errors.ts';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import type { CoverageRow, RowQuery, StatsStore, StoredRow } from './port.ts';
import { runMigrations } from '../postgres/migrate.ts';
import { coverageQuery, hourSeconds, INSERT_BATCH, INSERT_COVERAGE, INSERT_ROW, rowsQuery, STATS_STEPS } from './sql.ts';

const toPg = (sql: string): string => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

/** BIGINT columns come back as strings from pg; the port promises numbers. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

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
  return {
    async migrate() {
      if (own) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await runMigrations(pool, 'stats', STATS_STEPS);
    },
    async sketchSalt() {
      await q('INSERT INTO stats_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', ['sketch_salt', randomBytes(32).toString('hex')]);
      return (await q<{ value: string }>('SELECT value FROM stats_settings WHERE name = ?', ['sketch_salt']))[0]!.value;
    },
    async ingest(member, b: AggregateBatch, receivedAt) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const hour = hourSeconds(b.hour);
        const ins = await client.query(toPg(INSERT_BATCH), [b.batchId, member, b.sensorId, hour, receivedAt, b.rows.length, b.withheld.rows, b.withheld.events]);
        if (ins.rowCount === 0) {
          await client.query('ROLLBACK');
          return { duplicate: true };
        }
        for (const r of b.rows) {
          await client.query(toPg(INSERT_ROW), [b.batchId, hour, member, b.sensorId, r.kind, r.gid, r.sid, r.signature, r.category, r.severity, r.port, r.proto, r.country, r.asn, r.events, r.sources, r.targets]);
        }
        for (const h of new Set([b.hour, ...b.hoursCovered])) await client.query(toPg(INSERT_COVERAGE), [member, b.sensorId, hourSeconds(h)]);
        await client.query('COMMIT');
        return { duplicate: false };
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A concurrent insert of the same batch id loses the race: that is a duplicate, not an error.
        if ((e as { code?: string }).code === '23505') return { duplicate: true };
        throw e;
      } finally {
        client.release();
      }
    },
    async rows(query: RowQuery) {
      const { sql, params } = rowsQuery(query);
      const rows = await q<Record<string, unknown>>(sql, params);
      return rows.map((r) => ({ ...r, hour: num(r.hour)!, sid: num(r.sid), asn: num(r.asn), port: num(r.port), events: num(r.events)! }) as StoredRow);
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
