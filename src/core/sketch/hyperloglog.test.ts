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

describe('HyperLogLog before its first table (two registers held in fields)', () => {
  /** Registers (index, rho) a 64-bit hash sets at precision p, computed independently of the class. */
  const register = (hi: number, lo: number, p: number): [number, number] => {
    const rest = (hi << p) >>> 0;
    return [hi >>> (32 - p), rest !== 0 ? Math.clz32(rest) + 1 : lo !== 0 ? 32 - p + Math.clz32(lo) + 1 : 64 - p + 1];
  };
  /** The order a four-slot linear-probing table visits the first registers in (what the sketch used to hold). */
  const tableOrder = (regs: Array<[number, number]>): Array<[number, number]> => {
    const slots: Array<[number, number] | undefined> = [undefined, undefined, undefined, undefined];
    for (const r of regs) {
      let k = r[0] & 3;
      while (slots[k]) k = (k + 1) & 3;
      slots[k] = r;
    }
    return slots.filter((r): r is [number, number] => r !== undefined);
  };

  it('visits, serialises and merges one or two registers exactly as a four-slot table did', () => {
    for (let seed = 0; seed < 400; seed++) {
      const hashes = [hash(seed * 2), hash(seed * 2 + 1)];
      const h = new HyperLogLog();
      const regs: Array<[number, number]> = [];
      for (const [hi, lo] of hashes) {
        h.addHash(hi, lo);
        const [i, r] = register(hi, lo, 12);
        const same = regs.find((x) => x[0] === i);
        if (same) same[1] = Math.max(same[1], r);
        else regs.push([i, r]);
      }
      const seen: Array<[number, number]> = [];
      h.forEachRegister((i, r) => seen.push([i, r]));
      expect(seen).toEqual(tableOrder(regs));
      const sorted = [...regs].sort((a, b) => a[0] - b[0]);
      const bytes = Buffer.from(sorted.flatMap(([i, r]) => [i >>> 8, i & 255, r]));
      expect(h.serialize()).toBe(`hll1s:12:${bytes.toString('base64')}`);
      expect(HyperLogLog.deserialize(h.serialize()).serialize()).toBe(h.serialize());
    }
  });

  it('keeps the larger rho for a repeated index and ignores duplicates', () => {
    const h = new HyperLogLog(12);
    h.addHash(0x00100000, 1); // index 1, 51 zero bits after it: rho 52
    h.addHash(0x00180000, 1); // index 1, rho 1
    h.addHash(0x00100000, 1);
    const seen: Array<[number, number]> = [];
    h.forEachRegister((i, r) => seen.push([i, r]));
    expect(seen).toEqual([[1, 52]]);
    const reversed = new HyperLogLog(12);
    reversed.addHash(0x00180000, 1);
    reversed.addHash(0x00100000, 1);
    expect(reversed.serialize()).toBe(h.serialize());
    expect(h.estimate()).toBe(1);
    expect(h.isEmpty()).toBe(false);
    expect(new HyperLogLog().isEmpty()).toBe(true);
  });

  it('moves to a table on the third register and stays identical to a sketch built by deserialising', () => {
    for (let n = 0; n < 12; n++) {
      const h = sketchOf(100, 100 + n);
      const again = HyperLogLog.deserialize(h.serialize());
      expect(again.serialize()).toBe(h.serialize());
      expect(again.estimate()).toBe(h.estimate());
      expect(h.estimate()).toBe(n);
    }
  });

  it('turns dense after the same number of registers at low precision (serialised forms unchanged)', () => {
    // p = 4: m/16 = 1, so the second distinct register makes the sketch dense.
    const one = new HyperLogLog(4);
    one.addHash(0x10000000, 1);
    expect(one.serialize().startsWith('hll1s:4:')).toBe(true);
    one.addHash(0x20000000, 1);
    expect(one.serialize().startsWith('hll1d:4:')).toBe(true);
    // p = 5: m/16 = 2, so the third does.
    const two = new HyperLogLog(5);
    two.addHash(0x10000000, 1);
    two.addHash(0x20000000, 1);
    expect(two.serialize().startsWith('hll1s:5:')).toBe(true);
    two.addHash(0x30000000, 1);
    expect(two.serialize().startsWith('hll1d:5:')).toBe(true);
    expect(two.estimate()).toBe(3);
  });

  it('merges inline sketches into each other and into tables as a union', () => {
    const a = sketchOf(0, 2);
    const b = sketchOf(1, 3);
    expect(new HyperLogLog().merge(a).merge(b).serialize()).toBe(sketchOf(0, 3).serialize());
    expect(sketchOf(10, 40).merge(a).serialize()).toBe(sketchOf(0, 2).merge(sketchOf(10, 40)).serialize());
  });
});
