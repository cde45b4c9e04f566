/** Statistics stores on both engines for tests: a fresh SQLite file or PostgreSQL schema per open, removed on cleanup. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StatsStore } from '../storage/stats/port.ts';
import { createPostgresStatsStore } from '../storage/stats/postgres-stats-store.ts';
import { createSqliteStatsStore } from '../storage/stats/sqlite-stats-store.ts';
import { testPgUrl, uniqueSchema } from './store-factory.ts';

export interface OpenedStatsStore {
  store: StatsStore;
  cleanup(): Promise<void>;
}

/** `[engine name, open]` pairs; each `open` gives a migrated, empty store named after `label`. */
export function statsStoreEngines(label: string): Array<[string, () => Promise<OpenedStatsStore>]> {
  return [
    ['sqlite', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `renkei-${label}-`));
      const store = createSqliteStatsStore(path.join(dir, 'stats.db'));
      await store.migrate();
      return {
        store,
        cleanup: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }],
    ['postgres', async () => {
      const url = testPgUrl();
      const schema = uniqueSchema(label.replace(/[^a-z0-9]/g, '_'));
      const store = createPostgresStatsStore({ url, schema });
      await store.migrate();
      return {
        store,
        cleanup: async () => {
          await store.close();
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    }],
  ];
}
