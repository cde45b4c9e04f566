/**
 * Opens a pg Pool for a `postgres://` URL. `?schema=name` (removed before connecting) selects a schema,
 * created if missing and set as the search_path of every connection; int8 values are read as numbers.
 */
import pg from 'pg';
import { RenkeiError } from '../../core/errors.ts';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/i;

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Splits the schema parameter out of a connection URL. */
export function parsePgUrl(url: string): { connectionString: string; schema: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RenkeiError('config_invalid', 'invalid PostgreSQL URL');
  }
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!SCHEMA_NAME.test(schema)) throw new RenkeiError('config_invalid', `invalid PostgreSQL schema name: ${schema}`);
  return { connectionString: u.toString(), schema };
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<{ pool: pg.Pool; schema: string }> {
  const { connectionString, schema } = parsePgUrl(url);
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, options: `-c search_path="${schema}"`, types });
  pool.on('error', () => undefined); // idle-client errors must not crash the process; queries still fail loudly
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((e: { code?: string }) => {
      // Two processes creating the same schema at once: the loser sees a duplicate, which is fine.
      if (e.code !== '23505' && e.code !== '42P06') throw e;
    });
  } catch (e) {
    await pool.end();
    throw new RenkeiError('config_invalid', `cannot connect to PostgreSQL: ${(e as Error).message}`, undefined, { cause: e });
  }
  return { pool, schema };
}
