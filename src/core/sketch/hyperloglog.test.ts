import { describe, expect, it } from 'vitest';
import { HyperLogLog, mergedEstimate } from './hyperloglog.ts';

/** splitmix-style 64-bit mixing of an integer, as two 32-bit words (test hashes only). */
function hash(n: number): [number, number] {
  let a = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) >>> 0;
  a = (a ^ (a >>> 16)) >>> 0;
  let b = Math.imul((n + 0x632be5ab) ^ 0x27d4eb2f, 0x165667b1) >>> 0;
  b = Math.imul(b ^ (b >>> 15), 0x85ebca77) >>> 0;
  b = (b ^ (b >>> 13)) >>> 0;
  return [a, b];
}

function sketchOf(from: number, to: number, p = 12): HyperLogLog {
  const h = new HyperLogLog(p);
  for (let i = from; i < to; i++) h.addHash(...hash(i));
  return h;
}

describe('HyperLogLog', () => {
  it('counts small sets (nearly) exactly (linear counting) and ignores duplicates', () => {
    const h = new HyperLogLog();
    expect(h.estimate()).toBe(0);
    for (let r = 0; r < 5; r++) for (let i = 0; i < 3; i++) h.addHash(...hash(i));
    expect(h.estimate()).toBe(3);
    // 100 items in 4096 registers: about one register collision is expected, so allow ±2.
    expect(Math.abs(sketchOf(0, 100).estimate() - 100)).toBeLessThanOrEqual(2);
  });

  it('stays within 5 % for large sets, sparse and dense', () => {
    for (const n of [1_000, 50_000, 300_000]) {
      const est = sketchOf(0, n).estimate();
      expect(Math.abs(est - n) / n).toBeLessThan(0.05);
    }
  });

  it('merges to the union (overlapping members count once)', () => {
    const a = sketchOf(0, 30_000);
    const b = sketchOf(20_000, 50_000);
    const union = a.merge(b).estimate();
    expect(Math.abs(union - 50_000) / 50_000).toBeLessThan(0.05);
  });

  it('round-trips through serialize/deserialize in both forms', () => {
    for (const h of [sketchOf(0, 10), sketchOf(0, 20_000)]) {
      const s = h.serialize();
      expect(s).toMatch(/^hll1[sd]:12:/);
      const back = HyperLogLog.deserialize(s);
      expect(back.estimate()).toBe(h.estimate());
      expect(back.serialize()).toBe(s);
    }
    expect(mergedEstimate([sketchOf(0, 10).serialize(), sketchOf(5, 15).serialize()])).toBe(15);
    expect(mergedEstimate([])).toBe(0);
  });

  it('keeps the same registers and serialized form as a plain register array (sparse table and dense)', () => {
    for (const n of [1, 7, 100, 255, 256, 257, 300, 5_000]) {
      const h = new HyperLogLog(12);
      const regs = new Uint8Array(4096);
      for (let i = 0; i < n; i++) {
        const [hi, lo] = hash(i * 7919);
        h.addHash(hi, lo);
        h.addHash(hi, lo);
        const idx = hi >>> 20;
        const rest = (hi << 12) >>> 0;
        const rho = rest !== 0 ? Math.clz32(rest) + 1 : lo !== 0 ? 20 + Math.clz32(lo) + 1 : 53;
        regs[idx] = Math.max(regs[idx]!, rho);
      }
      const used = [...regs.keys()].filter((i) => regs[i]! > 0);
      // Sparse while at most m/16 registers are set, as before the sparse table.
      const expected =
        used.length <= 256
          ? `hll1s:12:${Buffer.from(used.flatMap((i) => [i >>> 8, i & 255, regs[i]!])).toString('base64')}`
          : `hll1d:12:${Buffer.from(regs).toString('base64')}`;
      expect(h.serialize(), `n=${n}`).toBe(expected);
      const seen: number[] = [];
      h.forEachRegister((i, r) => {
        expect(r).toBe(regs[i]);
        seen.push(i);
      });
      expect(seen.sort((a, b) => a - b)).toEqual(used);
    }
  });

  it('rejects malformed input and precision mismatch', () => {
    for (const bad of ['', 'hll1s:12:@@', 'hll1d:12:AAAA', 'hll1s:12:AAA=', 'hll1s:99:', 'xyz']) {
      expect(() => HyperLogLog.deserialize(bad)).toThrow();
    }
    expect(() => new HyperLogLog(10).merge(new HyperLogLog(12))).toThrow(/merge/);
  });
});
