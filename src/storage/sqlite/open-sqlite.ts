/** Opens (creating if missing) a SQLite database file with the pragmas the stores rely on. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** WAL, NORMAL sync, 16 KB pages and a 128 MB page cache (grown on demand; misses are served by the OS cache). */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // Takes effect only while the file is still empty. Bulk loads insert random-order keys (uuids, indicator
  // values) into large b-trees and every commit rewrites each touched page: 16 KB pages measured ~1.8×
  // faster than 4 KB at 1M attributes on this hardware, at no cost to point lookups.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -131072');
  db.pragma('temp_store = MEMORY');
  return db;
}
