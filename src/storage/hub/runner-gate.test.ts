/**
 * The SQLite runner's one connection: transactions queued behind an open one each run alone once it ends,
 * and a plain statement queued with them never joins one of them. (Two queued transactions used to start
 * together: the second BEGIN failed and its ROLLBACK undid the first.)
 */
import { describe, expect, it } from 'vitest';
import { sqliteRunner } from './runner.ts';

describe('sqlite runner gate', () => {
  it('runs queued transactions one after another, all committed, and keeps statements out of them', async () => {
    const db = sqliteRunner(':memory:');
    await db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const a = db.transaction(async (tx) => {
      await tx.run("INSERT INTO t (v) VALUES ('a')");
      await held;
    });
    const b = db.transaction(async (tx) => {
      await tx.run("INSERT INTO t (v) VALUES ('b')");
      await new Promise((r) => setTimeout(r, 10));
      await tx.run("INSERT INTO t (v) VALUES ('b2')");
    });
    const c = db.transaction(async (tx) => void (await tx.run("INSERT INTO t (v) VALUES ('c')")));
    const plain = db.run("INSERT INTO t (v) VALUES ('plain')");
    const failing = db.transaction(async (tx) => {
      await tx.run("INSERT INTO t (v) VALUES ('rolled-back')");
      throw new Error('boom');
    });
    release();
    const results = await Promise.allSettled([a, b, c, plain, failing]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect((await db.all<{ v: string }>('SELECT v FROM t ORDER BY rowid')).map((r) => r.v)).toEqual(['a', 'b', 'b2', 'c', 'plain']);
    await db.close();
  });
});
