/**
 * The SQLite runner's statement cache is bounded; statements evicted from it are prepared again and
 * still answer correctly, inside and outside a transaction.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteRunner, STATEMENT_CACHE_SIZE } from './runner.ts';

const runner = sqliteRunner(':memory:');
afterAll(() => runner.close());

describe('SQLite runner statement cache', () => {
  it('answers every distinct statement correctly past the cache size, evicted ones included', async () => {
    await runner.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    await runner.transaction(async (tx) => {
      for (let n = 1; n <= 50; n++) await tx.run('INSERT INTO t (n) VALUES (?)', [n]);
    });
    // IN lists of every length from 1 to 50, each with a different offset: more texts than the cache holds.
    const texts: { sql: string; params: number[]; sum: number }[] = [];
    for (let len = 1; len <= 50; len++) {
      for (let k = 0; k < Math.ceil((STATEMENT_CACHE_SIZE * 2) / 50); k++) {
        const params = Array.from({ length: len }, (_, i) => ((i + k) % 50) + 1);
        texts.push({ sql: `SELECT SUM(n) AS s, ${k} AS k FROM t WHERE n IN (${params.map(() => '?').join(', ')})`, params, sum: [...new Set(params)].reduce((a, b) => a + b, 0) });
      }
    }
    expect(texts.length).toBeGreaterThanOrEqual(STATEMENT_CACHE_SIZE * 2);
    for (const t of texts) expect((await runner.all<{ s: number }>(t.sql, t.params))[0]!.s).toBe(t.sum);
    // The first texts were evicted long ago: prepared again, same answers, also inside a transaction.
    for (const t of texts.slice(0, 20)) expect((await runner.all<{ s: number }>(t.sql, t.params))[0]!.s).toBe(t.sum);
    await runner.transaction(async (tx) => {
      for (const t of texts.slice(0, 20)) expect((await tx.all<{ s: number }>(t.sql, t.params))[0]!.s).toBe(t.sum);
    });
  });
});
