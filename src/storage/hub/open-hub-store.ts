/** Opens the hub store named by `--db`: a PostgreSQL URL or a SQLite path (default `renkei-hub.db`). */
import { postgresRunner, sqliteRunner } from './runner.ts';
import { createSqlHubStore } from './sql-hub-store.ts';
import type { HubStore } from './port.ts';

/** Opens and migrates the hub store. */
export async function openHubStore(db: string, opts: { schema?: string } = {}): Promise<HubStore> {
  const runner = /^postgres(ql)?:\/\//.test(db) ? postgresRunner(db, opts.schema) : sqliteRunner(db);
  const store = createSqlHubStore(runner);
  await store.migrate();
  return store;
}
