/**
 * Longest-prefix match over registered address space. Targets: ≥ 2,000,000 IPv4 and ≥ 1,000,000 IPv6
 * lookups/s on one core with 200,000 prefixes per family. Prefixes are real: the bundled IP-to-ASN ranges
 * (@ip-location-db/asn) split into CIDR blocks and sampled evenly over the address space, plus 10 %
 * covering aggregates (owned by someone else) so lookups cross nested prefixes as on a routing table.
 * The maintained npm package `longest-prefix-match` runs beside it on the same prefixes and addresses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildPrefixTable, type PrefixEntry } from '../src/core/address-space/prefix-table.ts';
import { bigintToWords, formatPrefix, parseAddress, type Prefix } from '../src/core/address-space/prefix.ts';
import { seededRandom } from '../src/core/random/seeded-random.ts';
import type { BenchRow } from './types.ts';

const PREFIXES = 200_000;
const LOOKUPS = 1_000_000;
const TARGET_V4 = 2_000_000;
const TARGET_V6 = 1_000_000;

const require = createRequire(import.meta.url);

/** Splits an inclusive range into the fewest CIDR blocks. */
function rangeToCidrs(start: bigint, end: bigint, width: number, out: Array<[bigint, number]>): void {
  let s = start;
  while (s <= end) {
    let len = width;
    while (len > 0) {
      const size = 1n << BigInt(width - len + 1);
      if (s % size !== 0n || s + size - 1n > end) break;
      len--;
    }
    out.push([s, len]);
    s += 1n << BigInt(width - len);
  }
}

function loadPrefixes(family: 4 | 6, r: () => number): Prefix[] {
  const width = family === 4 ? 32 : 128;
  const file = require.resolve(`@ip-location-db/asn/asn-ipv${family}-num.csv`);
  const blocks: Array<[bigint, number]> = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [a, b] = line.split(',', 2);
    if (a && b) rangeToCidrs(BigInt(a), BigInt(b), width, blocks);
  }
  const own = Math.round(PREFIXES * 0.9);
  // Even sampling keeps the real spread over the address space and the real mix of lengths.
  const picked = blocks.filter((_, i) => Math.floor((i * own) / blocks.length) !== Math.floor(((i + 1) * own) / blocks.length));
  const toPrefix = (x: bigint, len: number): Prefix => (family === 4 ? { version: 4, start: Number(x), length: len } : { version: 6, words: bigintToWords(x), length: len });
  const out = picked.map(([x, len]) => toPrefix(x, len));
  while (out.length < PREFIXES) {
    const [x, len] = picked[Math.floor(r() * picked.length)]!;
    const shorter = Math.max(family === 4 ? 8 : 16, len - 1 - Math.floor(r() * 8));
    const host = BigInt(width - shorter);
    out.push(toPrefix((x >> host) << host, shorter));
  }
  return out;
}

function lengthMix(prefixes: Prefix[]): string {
  const counts = new Map<number, number>();
  for (const p of prefixes) counts.set(p.length, (counts.get(p.length) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return top.map(([l, n]) => `/${l} ${((100 * n) / prefixes.length).toFixed(0)}%`).join(', ');
}

/** 80 % addresses inside a registered prefix, 20 % anywhere (mostly unregistered). */
function addresses(prefixes: Prefix[], family: 4 | 6, n: number, r: () => number): bigint[] {
  const width = family === 4 ? 32 : 128;
  const rand = (bits: number) => {
    let x = 0n;
    for (let b = 0; b < bits; b += 24) x = (x << 24n) | BigInt(Math.floor(r() * 2 ** 24));
    return x & ((1n << BigInt(bits)) - 1n);
  };
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    if (r() < 0.2) {
      out.push(family === 4 ? rand(32) : (0x2n << 125n) | rand(125));
      continue;
    }
    const p = prefixes[Math.floor(r() * prefixes.length)]!;
    const start = p.version === 4 ? BigInt(p.start) : (BigInt(p.words[0]) << 96n) | (BigInt(p.words[1]) << 64n) | (BigInt(p.words[2]) << 32n) | BigInt(p.words[3]);
    out.push(start + rand(width - p.length));
  }
  return out;
}

function best(passes: number, f: () => number): { secs: number; check: number } {
  let secs = Infinity;
  let check = 0;
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    check = f();
    secs = Math.min(secs, (performance.now() - t0) / 1000);
  }
  return { secs, check };
}

interface Peer {
  addPrefix(prefix: string, data: unknown): void;
  getMatch(prefix: string): unknown[];
}

/** Runs the benchmark. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const r = seededRandom(7);
  for (const family of [4, 6] as const) {
    const prefixes = loadPrefixes(family, r);
    const entries: PrefixEntry<number>[] = prefixes.map((prefix, id) => ({ prefix, id }));
    const b0 = performance.now();
    const { table, rejected } = buildPrefixTable(entries);
    const buildMs = performance.now() - b0;
    if (rejected.length > 0) throw new Error(`bench prefixes rejected: ${JSON.stringify(rejected[0])}`);
    const addrs = addresses(prefixes, family, LOOKUPS, r);
    process.stderr.write(`address-space: IPv${family}: ${prefixes.length} prefixes (${lengthMix(prefixes)}), ${table.segments[family === 4 ? 'v4' : 'v6']} segments, built in ${buildMs.toFixed(0)} ms\n`);

    let hot: { secs: number; check: number };
    if (family === 4) {
      const a = Uint32Array.from(addrs, (x) => Number(x));
      hot = best(7, () => {
        let hits = 0;
        for (let i = 0; i < a.length; i++) if (table.matchV4(a[i]!) >= 0) hits++;
        return hits;
      });
    } else {
      const w = new Uint32Array(addrs.length * 4);
      addrs.forEach((x, i) => w.set(bigintToWords(x), i * 4));
      hot = best(7, () => {
        let hits = 0;
        for (let i = 0; i < w.length; i += 4) if (table.matchV6(w[i]!, w[i + 1]!, w[i + 2]!, w[i + 3]!) >= 0) hits++;
        return hits;
      });
    }
    const rate = LOOKUPS / hot.secs;
    const target = family === 4 ? TARGET_V4 : TARGET_V6;
    rows.push({
      name: `IPv${family} lookups, numeric (one core, best of 7)`,
      value: Math.round(rate),
      unit: 'lookups/s',
      target: `>= ${target.toLocaleString('en')}`,
      ok: rate >= target,
      note: `${prefixes.length.toLocaleString('en')} prefixes (${lengthMix(prefixes)}); ${((100 * hot.check) / LOOKUPS).toFixed(0)}% hit`,
    });
    rows.push({ name: `IPv${family} table build`, value: Math.round(buildMs), unit: 'ms', note: `${prefixes.length.toLocaleString('en')} prefixes → ${table.segments[family === 4 ? 'v4' : 'v6'].toLocaleString('en')} segments` });

    // Text path against the peer package, which takes only CIDR text ("a.b.c.d/32").
    const sample = addrs.slice(0, 200_000).map((x) => formatPrefix(family === 4 ? { version: 4, start: Number(x), length: 32 } : { version: 6, words: bigintToWords(x), length: 128 }));
    const bare = sample.map((s) => s.slice(0, s.lastIndexOf('/')));
    const ours = best(3, () => {
      let hits = 0;
      for (const s of bare) if (table.lookup(parseAddress(s)!) !== undefined) hits++;
      return hits;
    });
    const LPM = require('longest-prefix-match') as new () => Peer;
    const peer = new LPM();
    const p0 = performance.now();
    prefixes.forEach((p, id) => peer.addPrefix(formatPrefix(p), id));
    peer.getMatch(sample[0]!);
    const peerBuildMs = performance.now() - p0;
    const theirs = best(3, () => {
      let hits = 0;
      for (const s of sample) if (peer.getMatch(s).length > 0) hits++;
      return hits;
    });
    // Cross-check (untimed): the same registration for every sampled address (identical prefixes: ours
    // is the first listed, the peer returns all of them).
    let disagree = 0;
    sample.forEach((s, i) => {
      const mine = table.lookup(parseAddress(bare[i]!)!);
      const their = peer.getMatch(s) as number[];
      if (mine === undefined ? their.length > 0 : !their.includes(mine)) disagree++;
    });
    const ourText = sample.length / ours.secs;
    const peerRate = sample.length / theirs.secs;
    rows.push({ name: `IPv${family} lookups from text (parse + lookup)`, value: Math.round(ourText), unit: 'lookups/s', note: `${disagree === 0 ? 'same registration as the peer for all' : `DISAGREES with the peer on ${disagree} of`} ${sample.length.toLocaleString('en')} addresses` });
    rows.push({ name: `peer: longest-prefix-match 1.3 IPv${family} (text)`, value: Math.round(peerRate), unit: 'lookups/s', note: `build ${(peerBuildMs / 1000).toFixed(1)} s; numeric path is ${(rate / peerRate).toFixed(1)}× the peer, text path ${(ourText / peerRate).toFixed(1)}×` });
  }
  return rows;
}
