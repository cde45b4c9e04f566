import { describe, expect, it } from 'vitest';
import { decodeDelta, decodeTokenSet, encodeDelta, encodeTokenSet } from '../../contracts/blind/token-set.ts';
import { bucketSize, tagOf, TokenSet, TokenSetBuilder } from './token-set.ts';

const rnd = () => {
  let s = 0x9e3779b97f4a7c15n;
  return () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return s;
  };
};

describe('token sets', () => {
  it('pads to a bucket, keeps real tags through incremental changes, and deltas rebuild the same set', () => {
    const b = new TokenSetBuilder({ minSize: 16, randomTag: rnd() });
    const real = Array.from({ length: 22 }, (_, i) => BigInt(i + 1) * 0x1000000000001n);
    for (const t of real) b.insert(t);
    const d1 = b.commit();
    const s1 = b.snapshot();
    expect(s1.size).toBe(bucketSize(22, 16));
    expect(s1.size).toBeGreaterThan(22);
    expect(real.every((t) => s1.has(t))).toBe(true);
    expect(b.realCount).toBe(22);
    // A searcher holding version 1 follows the deltas to the same bytes.
    let copy = new TokenSet(new BigUint64Array(0)).applyDelta(d1);
    b.delete(real[0]!);
    b.delete(real[1]!);
    b.insert(7n);
    const d2 = b.commit();
    copy = copy.applyDelta(decodeDelta(JSON.parse(JSON.stringify(encodeDelta({ node: 'n', audience: 'community', epoch: 1 }, d2)))));
    const s2 = b.snapshot();
    expect(copy.toBytes()).toEqual(s2.toBytes());
    expect([s2.has(real[0]!), s2.has(real[1]!), s2.has(7n), s2.has(real[2]!)]).toEqual([false, false, true, true]);
    expect(s2.size).toBe(s1.size); // same bucket: the count change is hidden
    expect(d2.added.length).toBe(d2.removed.length);
    expect(() => s1.applyDelta(d1)).toThrow(/does not apply/);
  });

  it('grows to the next bucket and shrinks back, and resumes from its exported state', () => {
    const b = new TokenSetBuilder({ minSize: 8, randomTag: rnd() });
    for (let i = 1n; i <= 30n; i++) b.insert(i << 40n);
    b.commit();
    expect(b.snapshot().size).toBe(bucketSize(30, 8));
    for (let i = 1n; i <= 25n; i++) b.delete(i << 40n);
    b.commit();
    expect(b.snapshot().size).toBe(bucketSize(5, 8));
    const resumed = new TokenSetBuilder({ minSize: 8, randomTag: rnd() }, b.exportState());
    resumed.insert(99n);
    resumed.commit();
    expect(resumed.realCount).toBe(6);
    expect(resumed.snapshot().has(30n << 40n) && resumed.snapshot().has(99n)).toBe(true);
  });

  it('round-trips through the wire form and rejects unsorted or truncated bodies', () => {
    const set = new TokenSet(BigUint64Array.from([1n, 5n, 0xffffffffffffffffn]), 3);
    const wire = encodeTokenSet({ node: 'n', audience: 'community', epoch: 1, suite: 'ristretto255-SHA512', publicKey: 'A'.repeat(43), boxPublicKey: 'A'.repeat(43), shape: { cidrLevels: { v4: [24], v6: [] }, withinLevels: { v4: [], v6: [] } } }, set);
    const back = decodeTokenSet(JSON.parse(JSON.stringify(wire)));
    expect([...back.set.tags]).toEqual([1n, 5n, 0xffffffffffffffffn]);
    expect(back.descriptor.version).toBe(3);
    expect(() => TokenSet.fromBytes(new Uint8Array(12))).toThrow(/multiple of 8/);
    const unsorted = new TokenSet(BigUint64Array.from([5n, 1n])).toBytes();
    expect(() => TokenSet.fromBytes(unsorted)).toThrow(/ascending/);
  });

  it('tags are the first 8 output bytes, big-endian', () => {
    expect(tagOf(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(0x0102030405060708n);
  });
});
