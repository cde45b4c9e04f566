/**
 * `openStore(db)`: the one way processes open an intel store. A file path gives SQLite (created with its
 * parent folders), a `postgres://` or `postgresql://` URL gives PostgreSQL (`?schema=name` selects a schema,
 * created if missing). The schema is migrated before the store is returned.
 */
import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';
import { RenkeiError } from '../core/errors.ts';
import type { IntelStore } from './port.ts';

export type OpenedStore =
  | { kind: 'sqlite'; store: IntelStore; db: Database; close(): Promise<void> }
  | { kind: 'postgres'; store: IntelStore; pool: Pool; schema: string; close(): Promise<void> };

/** True when `db` names a PostgreSQL database. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export async function openStore(db: string): Promise<OpenedStore> {
  if (!db || !db.trim()) throw new RenkeiError('config_invalid', 'no database given (a file path or postgres:// URL)');
  if (isPostgresUrl(db)) {
    const { openPostgres } = await import('./postgres/open-postgres.ts');
    const { PostgresIntelStore } = await import('./postgres/postgres-intel-store.ts');
    const { pool, schema } = await openPostgres(db);
    const store = new PostgresIntelStore(pool);
    try {
      await store.migrate();
    } catch (e) {
      await pool.end();
      throw e;
    }
    return { kind: 'postgres', store, pool, schema, close: () => store.close() };
  }
  const { openSqlite } = await import('./sqlite/open-sqlite.ts');
  const { SqliteIntelStore } = await import('./sqlite/sqlite-intel-store.ts');
  let handle: Database;
  try {
    handle = openSqlite(db);
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot open database file ${db}: ${(e as Error).message}`, undefined, { cause: e });
  }
  const store = new SqliteIntelStore(handle);
  await store.migrate();
  return { kind: 'sqlite', store, db: handle, close: () => store.close() };
}
