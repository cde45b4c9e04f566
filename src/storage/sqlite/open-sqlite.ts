/** Opens (creating if missing) a SQLite database file with the pragmas the stores rely on. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** WAL, NORMAL sync and a 256 MB page cache (grown on demand): bulk imports write random-order index keys. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  return db;
}
