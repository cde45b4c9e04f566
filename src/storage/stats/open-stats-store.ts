/** Opens and migrates the statistics store named by the hub's configuration. */
import type { StatsStore } from './port.ts';

/** `{ sqlitePath }` (a file or ':memory:') or `{ postgresUrl, schema? }`; returns a migrated store. */
export async function openStatsStore(cfg: { sqlitePath: string } | { postgresUrl: string; schema?: string }): Promise<StatsStore> {
  let store: StatsStore;
  if ('sqlitePath' in cfg) {
    const { createSqliteStatsStore } = await import('./sqlite-stats-store.ts');
    store = createSqliteStatsStore(cfg.sqlitePath);
  } else {
    const { createPostgresStatsStore } = await import('./postgres-stats-store.ts');
    store = createPostgresStatsStore({ url: cfg.postgresUrl, ...(cfg.schema ? { schema: cfg.schema } : {}) });
  }
  await store.migrate();
  return store;
}
