import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { testPgUrl, uniqueSchema } from '../testkit/store-factory.ts';
import { openStore } from './open-store.ts';
import { runMigrations as runPgMigrations } from './postgres/migrate.ts';
import { parsePgUrl } from './postgres/open-postgres.ts';
import { runMigrations } from './sqlite/migrate.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('creates a SQLite file (and its folders), migrated, and reopens it', async () => {
    const file = path.join(dir, 'a', 'b', 'store.sqlite');
    const s = await openStore(file);
    expect(s.kind).toBe('sqlite');
    const org = await s.store.ensureOrg({ name: 'X' });
    await s.close();
    const again = await openStore(file);
    expect(await again.store.getOrg(org.uuid)).toEqual(org);
    await again.close();
  });

  it('rejects an empty name, bad URLs and bad schema names', async () => {
    await expect(openStore('')).rejects.toMatchObject({ code: 'config_invalid' });
    expect(() => parsePgUrl('postgres://u@h/db?schema=a;drop')).toThrow(/schema/);
    expect(parsePgUrl('postgres://u@h:5432/db?schema=node_a&sslmode=disable')).toEqual({
      connectionString: 'postgres://u@h:5432/db?sslmode=disable',
      schema: 'node_a',
    });
    await expect(openStore('postgres://postgres@127.0.0.1:1/nowhere')).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('opens PostgreSQL in a named schema, created if missing', async () => {
    const schema = uniqueSchema('open');
    const base = testPgUrl();
    const s = await openStore(`${base}?schema=${schema}`);
    try {
      expect(s.kind).toBe('postgres');
      if (s.kind !== 'postgres') return;
      expect(s.schema).toBe(schema);
      const r = await s.pool.query('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'attributes']);
      expect(Number(r.rows[0].n)).toBe(1);
    } finally {
      if (s.kind === 'postgres') await s.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await s.close();
    }
  });
});

describe('runMigrations', () => {
  it('applies each module’s steps once, keyed (module, version), on SQLite', () => {
    const db = new Database(':memory:');
    runMigrations(db, 'intel', ['CREATE TABLE a (x INTEGER)']);
    runMigrations(db, 'other', ['CREATE TABLE b (x INTEGER)', 'ALTER TABLE b ADD COLUMN y TEXT']);
    runMigrations(db, 'other', ['CREATE TABLE b (x INTEGER)', 'ALTER TABLE b ADD COLUMN y TEXT']);
    expect(db.prepare('SELECT module, version FROM migrations ORDER BY module, version').all()).toEqual([
      { module: 'intel', version: 1 },
      { module: 'other', version: 1 },
      { module: 'other', version: 2 },
    ]);
    expect(() => runMigrations(db, 'broken', ['CREATE TABLE c (x INTEGER)', 'NOT SQL'])).toThrow();
    expect(db.prepare("SELECT version FROM migrations WHERE module = 'broken'").all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('does the same on PostgreSQL, atomically', async () => {
    const schema = uniqueSchema('mig');
    const s = await openStore(`${testPgUrl()}?schema=${schema}`);
    if (s.kind !== 'postgres') throw new Error('expected postgres');
    try {
      await runPgMigrations(s.pool, 'other', ['CREATE TABLE b (x INTEGER)']);
      await runPgMigrations(s.pool, 'other', ['CREATE TABLE b (x INTEGER)', 'ALTER TABLE b ADD COLUMN y TEXT']);
      await expect(runPgMigrations(s.pool, 'broken', ['CREATE TABLE c (x INTEGER)', 'NOT SQL'])).rejects.toThrow();
      const r = await s.pool.query('SELECT module, version FROM migrations ORDER BY module, version');
      expect(r.rows).toEqual([
        { module: 'intel', version: 1 },
        { module: 'intel', version: 2 },
        { module: 'other', version: 1 },
        { module: 'other', version: 2 },
      ]);
    } finally {
      await s.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await s.close();
    }
  });
});
