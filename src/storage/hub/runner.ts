/**
 * A minimal SQL runner so one set of hub queries serves SQLite and PostgreSQL. Queries use `?`
 * placeholders; the PostgreSQL runner rewrites them to `$n`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { numberedParams as toPg } from '../common/dialect.ts';

export interface SqlRunner {
  readonly dialect: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction on its own runner: committed when `fn` resolves, rolled back when it
   * throws. Other callers' statements wait until it ends, so nothing of theirs joins it.
   */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Prepared statements kept per SQLite connection. */
export const STATEMENT_CACHE_SIZE = 500;

/** Opens (creating if needed) a SQLite file, or `:memory:`. */
export function sqliteRunner(path: string): SqlRunner {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // WAL + NORMAL survives a process crash or restart; only an OS crash may lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // 64 MiB of page cache (the default is 2 MiB): bulk upserts into large indexes (notification reports,
  // stats) otherwise re-read the same pages from the OS for every row. Allocated only as pages are used.
  db.pragma('cache_size = -65536');
  // Statements built with a variable number of `?` (IN lists, batches) make new SQL texts without end, so
  // the cache is bounded: least recently used first out (a Map iterates in insertion order).
  const cache = new Map<string, Database.Statement>();
  const prep = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (s) cache.delete(sql);
    else {
      s = db.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, s);
    return s;
  };
  const bind = (params: unknown[]): unknown[] => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  // One connection: while a transaction is open (it spans awaits), every other statement waits for it.
  let gate: Promise<void> | null = null;
  const inTx = new AsyncLocalStorage<boolean>();
  /** The open transaction's end; callers loop `while (gate) await wait();` and then act in the same tick. */
  const wait = (): Promise<void> => {
    // Code inside a transaction that used the outer runner would wait for itself for ever.
    if (inTx.getStore()) throw new Error('hub store: a statement inside a transaction must use the transaction’s runner');
    return gate!;
  };
  // The gate is checked in the caller's own tick, right before its statement or BEGIN: a check inside a
  // helper left a gap in which another waiter opened a transaction (a second BEGIN then failed and its
  // ROLLBACK undid the first transaction: "cannot commit - no transaction is active").
  const inner: SqlRunner = {
    dialect: 'sqlite',
    async all<T>(sql: string, params: unknown[] = []) {
      return prep(sql).all(...bind(params)) as T[];
    },
    async run(sql, params = []) {
      return prep(sql).run(...bind(params)).changes;
    },
    async exec(script) {
      db.exec(script);
    },
    transaction: (fn) => fn(inner),
    async close() {
      db.close();
    },
  };
  return {
    dialect: 'sqlite',
    async all<T>(sql: string, params: unknown[] = []) {
      while (gate) await wait();
      return inner.all<T>(sql, params);
    },
    async run(sql, params = []) {
      while (gate) await wait();
      return inner.run(sql, params);
    },
    async exec(script) {
      while (gate) await wait();
      return inner.exec(script);
    },
    async transaction(fn) {
      while (gate) await wait();
      let release: () => void = () => undefined;
      gate = new Promise<void>((r) => (release = r));
      try {
        db.exec('BEGIN IMMEDIATE');
        const out = await inTx.run(true, () => fn(inner));
        db.exec('COMMIT');
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      } finally {
        gate = null;
        release();
      }
    },
    async close() {
      while (gate) await wait();
      db.close();
    },
  };
}

/** Connects to PostgreSQL; `schema` (created if missing) isolates the hub's tables, e.g. per test suite. */
export function postgresRunner(url: string, schema?: string): SqlRunner {
  const pool = new pg.Pool({ connectionString: url, max: 8, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  pool.on('error', () => undefined);
  let ready: Promise<void> | null = null;
  const ensureSchema = (): Promise<void> => {
    if (!schema) return Promise.resolve();
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    ready ??= pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).then(() => undefined);
    return ready;
  };
  return {
    dialect: 'postgres',
    async all<T>(sql: string, params: unknown[] = []) {
      await ensureSchema();
      return (await pool.query(toPg(sql), params)).rows as T[];
    },
    async run(sql, params = []) {
      await ensureSchema();
      return (await pool.query(toPg(sql), params)).rowCount ?? 0;
    },
    async exec(script) {
      await ensureSchema();
      await pool.query(script);
    },
    async transaction(fn) {
      await ensureSchema();
      const client = await pool.connect();
      const tx: SqlRunner = {
        dialect: 'postgres',
        all: async <T>(sql: string, params: unknown[] = []) => (await client.query(toPg(sql), params)).rows as T[],
        run: async (sql, params = []) => (await client.query(toPg(sql), params)).rowCount ?? 0,
        exec: async (script) => void (await client.query(script)),
        transaction: (f) => f(tx),
        close: async () => undefined,
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
