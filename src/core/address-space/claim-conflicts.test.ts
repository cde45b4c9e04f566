import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findClaimConflicts, type Claim, type ClaimConflict } from './claim-conflicts.ts';

describe('claim conflicts', () => {
  it('flags same-prefix and nested claims of different owners, and nothing within one owner', () => {
    const claims: Claim[] = [
      { prefix: '10.0.0.0/8', owner: 'tsubaki' },
      { prefix: '10.1.0.0/16', owner: 'tsubaki' },
      { prefix: '10.1.2.0/24', owner: 'kaede' },
      { prefix: '192.0.2.0/24', owner: 'kaede' },
      { prefix: '::ffff:192.0.2.0/120', owner: 'sakura' },
      { prefix: '192.0.2.0/24', owner: 'kaede' },
      { prefix: '2001:db8::/32', owner: 'tsubaki' },
      { prefix: '2001:db8:8000::/33', owner: 'tsubaki' },
      { prefix: '2001:db9::/32', owner: 'kaede' },
      { prefix: '10.0.0.0/8x', owner: 'kaede' },
    ];
    const { conflicts, rejected } = findClaimConflicts(claims);
    expect(rejected).toEqual([{ index: 9, input: '10.0.0.0/8x', reason: 'CIDR prefix is not a number' }]);
    expect(conflicts).toEqual([
      { kind: 'nested', inner: { prefix: '10.1.2.0/24', claim: 2, owner: 'kaede' }, outer: { prefix: '10.0.0.0/8', claim: 0, owner: 'tsubaki' } },
      { kind: 'nested', inner: { prefix: '10.1.2.0/24', claim: 2, owner: 'kaede' }, outer: { prefix: '10.1.0.0/16', claim: 1, owner: 'tsubaki' } },
      { kind: 'same_prefix', prefix: '192.0.2.0/24', claims: [3, 4, 5], owners: ['kaede', 'sakura'] },
    ]);
  });

  it('finds exactly the pairs a brute-force comparison finds', () => {
    const prefix = fc.record({ a: fc.integer({ min: 0, max: 3 }), b: fc.integer({ min: 0, max: 255 }), len: fc.constantFrom(8, 16, 24, 32) }).map(({ a, b, len }) => {
      const n = (((10 + a) << 24) | (b << 16) | (b << 8) | b) >>> 0;
      const m = (0xffffffff << (32 - len)) >>> 0;
      return { start: (n & m) >>> 0, len };
    });
    fc.assert(
      fc.property(fc.array(fc.record({ p: prefix, owner: fc.constantFrom('A', 'B', 'C') }), { maxLength: 30 }), (xs) => {
        const claims: Claim[] = xs.map((x) => ({ prefix: { version: 4, start: x.p.start, length: x.p.len }, owner: x.owner }));
        const { conflicts } = findClaimConflicts(claims);
        const want = new Set<string>();
        const contains = (o: (typeof xs)[number], i: (typeof xs)[number]) => o.p.len < i.p.len && (i.p.start >>> (32 - o.p.len)) === (o.p.start >>> (32 - o.p.len));
        xs.forEach((x, i) =>
          xs.forEach((y, j) => {
            if (x.owner === y.owner) return;
            if (i < j && x.p.start === y.p.start && x.p.len === y.p.len) want.add(`same ${i} ${j}`);
            if (contains(x, y)) want.add(`nested ${j} in ${i}`);
          }),
        );
        const got = new Set<string>();
        for (const c of conflicts as ClaimConflict[]) {
          if (c.kind === 'nested') got.add(`nested ${c.inner.claim} in ${c.outer.claim}`);
          else for (const i of c.claims) for (const j of c.claims) if (i < j && claims[i]!.owner !== claims[j]!.owner) got.add(`same ${i} ${j}`);
        }
        expect([...got].sort()).toEqual([...want].sort());
      }),
      { numRuns: 300 },
    );
  });
});
