/**
 * Test stores on real databases: SQLite on a temp file, PostgreSQL in a unique schema of the database named
 * by RENKEI_TEST_PG (dropped on cleanup). PostgreSQL without RENKEI_TEST_PG fails loudly rather than skipping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenedStore } from '../storage/open-store.ts';

export type TestStore = OpenedStore & { cleanup(): Promise<void> };

let seq = 0;

/** A unique schema name for this process (suites run in parallel processes). */
export function uniqueSchema(prefix = 't'): string {
  seq++;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${seq}`.toLowerCase();
}

/** The PostgreSQL URL for tests; throws when RENKEI_TEST_PG is unset. */
export function testPgUrl(): string {
  const url = process.env.RENKEI_TEST_PG;
  if (!url) throw new Error('RENKEI_TEST_PG is not set: PostgreSQL tests need a throwaway database (npm test sets it)');
  return url;
}

/** Opens a fresh, migrated store of the given kind. */
export async function createTestStore(kind: 'sqlite' | 'postgres'): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-store-'));
    const opened = await openStore(path.join(dir, 'store.db'));
    return Object.assign(opened, {
      async cleanup() {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const base = testPgUrl();
  const schema = uniqueSchema('store');
  const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  const opened = await openStore(url);
  if (opened.kind !== 'postgres') throw new Error('expected a PostgreSQL store');
  return Object.assign(opened, {
    async cleanup() {
      await opened.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await opened.close();
    },
  });
}
