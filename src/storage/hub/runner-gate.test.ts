/**
 * The SQLite runner's one connection under concurrent callers: transactions waiting for the same open
 * one each get the connection in turn (none begins inside another), a plain statement never joins
 * another caller's transaction, and a failed transaction rolls back its own writes only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteRunner } from './runner.ts';

const runner = sqliteRunner(':memory:');
afterAll(() => runner.close());
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SQLite runner gate', () => {
  it('runs waiting transactions one after another and keeps plain statements out of them', async () => {
    await runner.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const tx = (first: number, fail = false) =>
      runner.transaction(async (t) => {
        await t.run('INSERT INTO t (n) VALUES (?)', [first]);
        await pause(10);
        await t.run('INSERT INTO t (n) VALUES (?)', [first + 1]);
        if (fail) throw new Error(`tx ${first} fails`);
      });
    const results = await Promise.allSettled([
      tx(10),
      // Three transactions and two plain statements all waiting for the first one to end.
      tx(20),
      tx(30, true),
      runner.run('INSERT INTO t (n) VALUES (?)', [1]),
      tx(40),
      runner.run('INSERT INTO t (n) VALUES (?)', [2]),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).message))).toEqual(['ok', 'ok', 'tx 30 fails', 'ok', 'ok', 'ok']);
    expect((await runner.all<{ n: number }>('SELECT n FROM t ORDER BY n')).map((r) => r.n)).toEqual([1, 2, 10, 11, 20, 21, 40, 41]);
  });
});
