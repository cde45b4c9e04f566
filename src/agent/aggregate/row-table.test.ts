import { describe, expect, it } from 'vitest';
import { RowTable } from './row-table.ts';

describe('RowTable', () => {
  it('finds every key after many growths, and nothing it was not given', () => {
    const t = new RowTable<string>();
    const key = (i: number): [number, number, number] => [i % 977, (i * 2_654_435_761) | 0, -(i % 3)];
    for (let i = 0; i < 50_000; i++) {
      const [a, b, c] = key(i);
      expect(t.get(a, b, c)).toBeUndefined();
      t.add(a, b, c, `v${i}`);
    }
    expect(t.size).toBe(50_000);
    for (let i = 0; i < 50_000; i++) expect(t.get(...key(i))).toBe(`v${i}`);
    // Keys differing in one word only are distinct rows.
    expect(t.get(1, (1 * 2_654_435_761) | 0, -2)).toBeUndefined();
    expect(t.get(0, 0, 1)).toBeUndefined();
  });
});
