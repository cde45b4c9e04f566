/** Opens the whole hub storage on a fresh SQLite file or a fresh PostgreSQL schema, for store contract suites. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openHubStorage, type HubStorage } from '../storage/open-hub-storage.ts';
import { testPgUrl, uniqueSchema } from './store-factory.ts';

/** The storage and a cleanup that closes it and removes its file or schema. */
export async function openTestHubStorage(kind: 'sqlite' | 'postgres', prefix: string): Promise<{ storage: HubStorage; cleanup(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), `renkei-${prefix}-`));
    const storage = await openHubStorage(path.join(dir, 'hub.db'));
    return { storage, cleanup: async () => (await storage.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = testPgUrl();
  const schema = uniqueSchema(prefix);
  const storage = await openHubStorage(url, { schema });
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
