import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPrefixTable, type PrefixEntry } from './prefix-table.ts';
import { bigintToWords, parseAddress, type Prefix } from './prefix.ts';

const W4 = 32n;
const W6 = 128n;
const MAPPED = 0xffffn;

function v4(text: string): number {
  const a = parseAddress(text);
  if (a?.version !== 4) throw new Error(text);
  return a.value;
}

describe('prefix table: examples', () => {
  const { table, rejected } = buildPrefixTable<string>([
    { prefix: '10.0.0.0/8', id: 'a8' },
    { prefix: '10.1.0.0/16', id: 'b16' },
    { prefix: '10.1.2.0/24', id: 'c24' },
    { prefix: '10.1.2.3', id: 'd32' },
    { prefix: '10.1.0.0/16', id: 'dup16' },
    { prefix: '2001:db8::/32', id: 'v6-32' },
    { prefix: '2001:db8:1::/48', id: 'v6-48' },
    { prefix: '2001:db8:1::1/128', id: 'v6-128' },
    { prefix: '::ffff:192.0.2.0/120', id: 'mapped24' },
    { prefix: '10.0.0.1/8', id: 'bad-host-bits' },
    { prefix: '10.0.0.0/33', id: 'bad-length' },
    { prefix: 'example.com', id: 'bad-text' },
    { prefix: { version: 4, start: 0xc6336400, length: 24 }, id: 'numeric' },
    { prefix: { version: 6, words: [0, 0, 0xffff, 0xcb007100], length: 120 }, id: 'numeric-mapped' },
  ]);

  it('rejects bad entries with position and reason and keeps the rest', () => {
    expect(rejected).toEqual([
      { index: 9, input: '10.0.0.1/8', reason: 'host bits set (the network is 10.0.0.0/8)' },
      { index: 10, input: '10.0.0.0/33', reason: 'IPv4 prefix /33 is longer than 32' },
      { index: 11, input: 'example.com', reason: 'not an IP address or CIDR block' },
    ]);
    expect(table.prefixes).toEqual({ v4: 8, v6: 3 });
  });

  it('gives each address to the most specific prefix, the first listed of identical ones', () => {
    const cases: Array<[string, string | undefined]> = [
      ['9.255.255.255', undefined],
      ['10.0.0.0', 'a8'],
      ['10.0.255.255', 'a8'],
      ['10.1.0.0', 'b16'],
      ['10.1.2.2', 'c24'],
      ['10.1.2.3', 'd32'],
      ['10.1.2.4', 'c24'],
      ['10.1.3.0', 'b16'],
      ['10.2.0.0', 'a8'],
      ['10.255.255.255', 'a8'],
      ['11.0.0.0', undefined],
      ['192.0.2.7', 'mapped24'],
      ['::ffff:192.0.2.7', 'mapped24'],
      ['198.51.100.255', 'numeric'],
      ['203.0.113.1', 'numeric-mapped'],
      ['2001:db8::', 'v6-32'],
      ['2001:db8:1::', 'v6-48'],
      ['2001:db8:1::1', 'v6-128'],
      ['2001:db8:1::2', 'v6-48'],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'v6-32'],
      ['2001:db9::', undefined],
      ['::', undefined],
    ];
    expect(cases.map(([a]) => [a, table.lookupText(a)])).toEqual(cases);
  });

  it('takes numeric addresses on the hot path', () => {
    expect(table.lookupV4(v4('10.1.2.3'))).toBe('d32');
    expect(table.lookupV6(0x20010db8, 0x00010000, 0, 1)).toBe('v6-128');
    expect(table.lookupV6(0, 0, 0xffff, v4('192.0.2.1'))).toBe('mapped24');
    expect(table.matchV4(v4('10.9.9.9'))).toBe(0);
    expect(table.matchV4(v4('1.1.1.1'))).toBe(-1);
  });

  it('refuses text that is not an address with a stable code', () => {
    expect(() => table.lookupText('10.1.2')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('handles /0 in both families without letting ::/0 own IPv4 addresses', () => {
    const t = buildPrefixTable([
      { prefix: '0.0.0.0/0', id: 1 },
      { prefix: '::/0', id: 2 },
      { prefix: '255.255.255.255/32', id: 3 },
      { prefix: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128', id: 4 },
    ]).table;
    expect(['0.0.0.0', '128.0.0.0', '255.255.255.254', '255.255.255.255', '::', '::1', '::ffff:1.2.3.4', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'].map((a) => t.lookupText(a))).toEqual([
      1, 1, 1, 3, 2, 2, 1, 2, 4,
    ]);
    const empty = buildPrefixTable<number>([]).table;
    expect([empty.lookupText('1.2.3.4'), empty.lookupText('2001:db8::1')]).toEqual([undefined, undefined]);
  });
});

// ——— property test against a brute-force reference ———

interface RefPrefix {
  family: 4 | 6;
  start: bigint;
  length: number;
}

/** The reference folds ::ffff:0:0/96 into IPv4 by its own arithmetic, not the module's. */
function refPrefix(p: Prefix): RefPrefix {
  if (p.version === 4) return { family: 4, start: BigInt(p.start), length: p.length };
  const x = (BigInt(p.words[0]) << 96n) | (BigInt(p.words[1]) << 64n) | (BigInt(p.words[2]) << 32n) | BigInt(p.words[3]);
  if (p.length >= 96 && x >> 32n === MAPPED) return { family: 4, start: x & 0xffffffffn, length: p.length - 96 };
  return { family: 6, start: x, length: p.length };
}

function refLookup(prefixes: RefPrefix[], family: 4 | 6, address: bigint): number {
  const width = family === 4 ? W4 : W6;
  let best = -1;
  let bestLength = -1;
  prefixes.forEach((p, i) => {
    const host = width - BigInt(p.length);
    if (p.family === family && address >> host === p.start >> host && p.length > bestLength) {
      best = i;
      bestLength = p.length;
    }
  });
  return best;
}

function mask(x: bigint, length: number, width: bigint): bigint {
  const host = width - BigInt(length);
  return (x >> host) << host;
}

function toPrefix(family: 4 | 6, x: bigint, length: number): Prefix {
  return family === 4 ? { version: 4, start: Number(x), length } : { version: 6, words: bigintToWords(x), length };
}

/** Text a user might type: full-form IPv6 groups, and IPv4-mapped prefixes in ::ffff:a.b.c.d form. */
function toText(p: Prefix): string {
  if (p.version === 4) return `${p.start >>> 24}.${(p.start >>> 16) & 255}.${(p.start >>> 8) & 255}.${p.start & 255}/${p.length}`;
  const [w0, w1, w2, w3] = p.words;
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return `::ffff:${w3 >>> 24}.${(w3 >>> 16) & 255}.${(w3 >>> 8) & 255}.${w3 & 255}/${p.length}`;
  return `${p.words.flatMap((w) => [(w >>> 16).toString(16), (w & 0xffff).toString(16)]).join(':')}/${p.length}`;
}

const v4Base = fc.bigInt({ min: 0n, max: (1n << W4) - 1n });
// IPv6 bases cluster in a few regions so prefixes nest and touch; one region is the IPv4-mapped block.
const v6Base = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << W6) - 1n }),
  fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }).map((low) => (0x2001n << 112n) | low),
  fc.bigInt({ min: 0n, max: 0xffffffffn }).map((low) => (MAPPED << 32n) | low),
  fc.constantFrom(0n, (1n << W6) - 1n),
);

function scenario(family: 4 | 6) {
  const width = family === 4 ? W4 : W6;
  const max = Number(width);
  const base = family === 4 ? v4Base : v6Base;
  const length = fc.oneof(fc.integer({ min: 0, max }), fc.constantFrom(0, max, max - 8, max - 24, 96));
  return fc.record({
    pool: fc.array(base, { minLength: 1, maxLength: 4 }),
    picks: fc.array(fc.record({ from: fc.nat(), own: base, usePool: fc.boolean(), length, asText: fc.boolean() }), { minLength: 0, maxLength: 40 }),
    probes: fc.array(base, { maxLength: 40 }),
  }).map(({ pool, picks, probes }) => {
    const prefixes = picks.map((p) => {
      const len = Math.min(p.length, max);
      const x = mask(p.usePool ? pool[p.from % pool.length]! : p.own, len, width);
      const prefix = toPrefix(family, x, len);
      return { prefix, input: p.asText ? toText(prefix) : prefix };
    });
    return { prefixes, probes: [...probes, ...pool], width };
  });
}

function check(family: 4 | 6) {
  fc.assert(
    fc.property(scenario(family), ({ prefixes, probes, width }) => {
      const entries: PrefixEntry<number>[] = prefixes.map((p, i) => ({ prefix: p.input, id: i }));
      const { table, rejected } = buildPrefixTable(entries);
      expect(rejected).toEqual([]);
      const ref = prefixes.map((p) => refPrefix(p.prefix));
      // Every prefix boundary and its neighbours, plus random and pooled addresses.
      const size = 1n << width;
      const addresses = new Set<bigint>(probes);
      for (const r of ref) {
        const w = r.family === 4 ? W4 : W6;
        const lift = (a: bigint) => (r.family === 4 && family === 6 ? (MAPPED << 32n) | a : a);
        const end = r.start + (1n << (w - BigInt(r.length))) - 1n;
        for (const a of [r.start - 1n, r.start, end, end + 1n]) if (a >= 0n && a < 1n << w) addresses.add(lift(a));
      }
      for (const a of addresses) {
        if (a < 0n || a >= size) continue;
        let got: number;
        let want: number;
        if (family === 4) {
          got = table.matchV4(Number(a));
          want = refLookup(ref, 4, a);
        } else {
          got = table.matchV6(...bigintToWords(a));
          want = a >> 32n === MAPPED ? refLookup(ref, 4, a & 0xffffffffn) : refLookup(ref, 6, a);
        }
        if (got !== want) throw new Error(`address ${a.toString(16)}: table ${got}, reference ${want}`);
      }
    }),
    { numRuns: 300 },
  );
}

describe('prefix table: property test against brute force', () => {
  it('IPv4: every address gets the reference answer', () => check(4));
  it('IPv6 (with IPv4-mapped prefixes and addresses): every address gets the reference answer', () => check(6));
});
