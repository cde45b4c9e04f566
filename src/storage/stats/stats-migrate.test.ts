/**
 * The stats tables go through the shared migration runner as module `stats`, on SQLite and PostgreSQL,
 * including databases whose tables were created before the runner existed (no `migrations` rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { batch, row, sources } from '../../hub/stats/test-batches.ts';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import type { StatsStore } from './port.ts';
import { createPostgresStatsStore } from './postgres-stats-store.ts';
import { STATS_STEPS } from './sql.ts';
import { createSqliteStatsStore } from './sqlite-stats-store.ts';

const H0 = Date.UTC(2026, 10, 20, 13);
const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-stats-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Engine {
  /** A store on a fresh database, optionally with the tables made the pre-runner way (plain DDL). */
  open(legacy: boolean): Promise<{ store: StatsStore; versions: () => Promise<Array<{ module: string; version: number }>>; exec: (sql: string, params: unknown[]) => Promise<void>; cleanup: () => Promise<void> }>;
}

const sqlite: Engine = {
  async open(legacy) {
    const file = path.join(dir, `${uniqueSchema('s')}.db`);
    const raw = new Database(file);
    if (legacy) raw.exec(STATS_STEPS[0]!);
    const store = createSqliteStatsStore(file);
    return {
      store,
      versions: async () => raw.prepare('SELECT module, version FROM migrations ORDER BY module, version').all() as Array<{ module: string; version: number }>,
      exec: async (sql, params) => void raw.prepare(sql).run(...params),
      cleanup: async () => {
        await store.close();
        raw.close();
      },
    };
  },
};

const postgres: Engine = {
  async open(legacy) {
    const url = testPgUrl();
    const schema = uniqueSchema('stats_mig');
    const raw = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
    if (legacy) {
      await raw.query(`CREATE SCHEMA ${schema}`);
      await raw.query(STATS_STEPS[0]!);
    }
    const store = createPostgresStatsStore({ url, schema });
    return {
      store,
      versions: async () => (await raw.query('SELECT module, version FROM migrations ORDER BY module, version')).rows.map((r) => ({ module: String(r.module), version: Number(r.version) })),
      exec: async (sql, params) => void (await raw.query(sql.replace(/\?/g, ((i) => () => `$${++i}`)(0)), params)),
      cleanup: async () => {
        await store.close();
        await raw.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await raw.end();
      },
    };
  },
};

for (const [name, engine] of [['sqlite', sqlite], ['postgres', postgres]] as const) {
  describe(`stats store migrations on ${name}`, () => {
    it('creates the tables on a fresh database and records module stats once', async () => {
      const db = await engine.open(false);
      try {
        await db.store.migrate();
        await db.store.migrate();
        expect(await db.versions()).toEqual(STATS_STEPS.map((_, i) => ({ module: 'stats', version: i + 1 })));
        const b = batch(H0, 's1', [row({ events: 4, sources: sources('x', 3) })]);
        expect(await db.store.ingest('A', b, 1)).toEqual({ duplicate: false });
        expect((await db.store.rows({ from: 0, to: 4_000_000_000 })).map((r) => r.events)).toEqual([4]);
      } finally {
        await db.cleanup();
      }
    });

    it('adopts tables made before the runner, merging their per-batch rows into cells', async () => {
      const db = await engine.open(true);
      try {
        // Two legacy batches of the same sensor-hour and key (the old reopened-hour bug), written the old way.
        const b = batch(H0, 's1', [row({ events: 9, sources: sources('y', 3) })]);
        const b2 = batch(H0, 's1', [row({ events: 5, sources: sources('y', 5) })]);
        const hour = H0 / 1000;
        for (const x of [b, b2]) {
          await db.exec('INSERT INTO stats_batches (batch_id, member, sensor_id, hour, received_at, row_count, withheld_rows, withheld_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [x.batchId, 'B', 's1', hour, 1, 1, 0, 0]);
          const r = x.rows[0]!;
          await db.exec('INSERT INTO stats_rows (batch_id, hour, member, sensor_id, kind, gid, sid, signature, category, severity, port, proto, country, asn, events, sources, targets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [x.batchId, hour, 'B', 's1', r.kind, r.gid, r.sid, r.signature, r.category, r.severity, r.port, r.proto, r.country, r.asn, r.events, r.sources, r.targets]);
        }
        await db.exec('INSERT INTO stats_optin (member, opt_in) VALUES (?, ?)', ['B', 1]);
        await db.exec('INSERT INTO stats_settings (name, value) VALUES (?, ?)', ['sketch_salt', 'legacy-salt-0123456789']);
        await db.store.migrate();
        await db.store.migrate();
        expect(await db.versions()).toEqual(STATS_STEPS.map((_, i) => ({ module: 'stats', version: i + 1 })));
        const got = await db.store.rows({ from: 0, to: 4_000_000_000 });
        expect(got.map((r) => [r.member, r.events, r.sources])).toEqual([['B', 14, row({ events: 1, sources: sources('y', 5) }).sources]]);
        expect(await db.store.optedIn()).toEqual(['B']);
        expect(await db.store.sketchSalt()).toBe('legacy-salt-0123456789');
        expect(await db.store.ingest('B', b, 2)).toEqual({ duplicate: true });
      } finally {
        await db.cleanup();
      }
    });
  });
}
