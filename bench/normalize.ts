/**
 * Normaliser throughput on a realistic generated mix (domains, host names, IPv4/IPv6, ip:port, CIDR,
 * hashes, URLs, defanged forms). Target (issue 2 §5): ≥ 500,000 values/s on one core.
 */
import { normalizeMany } from '../src/core/indicators/normalize.ts';
import type { BenchRow } from './types.ts';
import { seededRandom as rng } from '../src/core/random/seeded-random.ts';

const TARGET = 500_000;


const TLDS = ['com', 'net', 'org', 'top', 'ru', 'xyz', 'online', 'info', 'co.uk', 'com.br', 'cn', 'jp', 'duckdns.org', 'blogspot.com'];
const WORDS = ['mail', 'secure', 'update', 'login', 'cdn', 'api', 'office', 'naver', 'daum', 'pay', 'wetax', 'cloud', 'verify', 'static'];

/** Generates `n` values in roughly the proportions of real feeds (maltrail, ThreatFox, ESET). */
export function generateMix(n: number, seed = 42): { values: string[]; kinds: string[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const label = () => pick(WORDS) + (r() < 0.7 ? Math.floor(r() * 100000).toString(36) : '') + (r() < 0.2 ? '-' + pick(WORDS) : '');
  const hex = (len: number) => { let s = ''; for (let i = 0; i < len; i++) s += '0123456789abcdef'[Math.floor(r() * 16)]; return s; };
  const ip4 = () => `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
  const domain = () => (r() < 0.35 ? label() + '.' : '') + label() + '.' + pick(TLDS);
  const values: string[] = [];
  const kinds: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    let v: string, k: string;
    if (x < 0.32) { v = domain(); if (r() < 0.08) v = v.toUpperCase(); k = 'domain'; }
    else if (x < 0.47) { v = ip4(); k = 'ipv4'; }
    else if (x < 0.55) { v = `${ip4()}:${1 + Math.floor(r() * 65535)}`; k = 'ip:port'; }
    else if (x < 0.57) { v = `2001:db8:${hex(4)}::${hex(3)}`.replace(/:0+([0-9a-f])/g, ':$1'); v = r() < 0.5 ? v : `2a0${Math.floor(r() * 9)}:${hex(4)}:${hex(2)}::${hex(4)}`; k = 'ipv6'; }
    else if (x < 0.59) { v = `${ip4().replace(/\.\d+$/, '.0')}/${16 + Math.floor(r() * 9)}`; k = 'cidr'; }
    else if (x < 0.75) { v = hex(pick([32, 40, 64, 64])); if (r() < 0.15) v = v.toUpperCase(); k = 'hash'; }
    else if (x < 0.95) {
      const host = r() < 0.2 ? ip4() + (r() < 0.5 ? ':' + (1000 + Math.floor(r() * 9000)) : '') : domain();
      v = `${r() < 0.6 ? 'http' : 'https'}://${host}/${label()}/${label()}${pick(['.php', '.exe', '/', '.html', ''])}${r() < 0.3 ? '?id=' + hex(8) : ''}`;
      k = 'url';
    } else {
      v = r() < 0.5 ? domain().replace(/\.([^.]+)$/, '[.]$1') : `hxxp://${label()}[.]${pick(TLDS)}/${label()}.php`;
      k = 'defanged';
    }
    values.push(r() < 0.03 ? v + ' ' : v);
    kinds.push(k);
  }
  return { values, kinds };
}

function measure(values: string[]): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  normalizeMany(values);
  const wall = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  return { wall, cpu: (cu.user + cu.system) / 1e6 };
}

/**
 * Runs the benchmark: warm-up, then the best of seven passes over 250,000 values. The normaliser is
 * single-threaded, so the best pass's wall time is its one-core rate; process CPU time is reported too,
 * but it also counts V8's parallel GC helper threads and so understates the rate.
 */
export async function run(): Promise<BenchRow[]> {
  const N = 250_000;
  const { values, kinds } = generateMix(N);
  process.stderr.write(`normalize: ${N} generated values, warming up…\n`);
  measure(values.slice(0, 50_000));
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < 7; i++) {
    const m = measure(values);
    process.stderr.write(`normalize: pass ${i + 1}: ${(N / m.wall).toFixed(0)} values/s (wall), ${(N / m.cpu).toFixed(0)} values/s (CPU)\n`);
    if (m.wall < best.wall) best = m;
  }
  const rows: BenchRow[] = [
    {
      name: 'normalize mixed values (one core, best pass)',
      value: Math.round(N / best.wall),
      unit: 'values/s',
      target: `>= ${TARGET.toLocaleString('en')}`,
      ok: N / best.wall >= TARGET,
      note: '32% domains, 25% IPv4 (+port, CIDR, IPv6), 16% hashes, 20% URLs, 5% defanged; slower when the machine is busy',
    },
    { name: 'normalize mixed values (process CPU time)', value: Math.round(N / best.cpu), unit: 'values/s', note: 'includes GC helper threads' },
  ];
  for (const kind of ['domain', 'ipv4', 'ip:port', 'hash', 'url', 'defanged']) {
    const subset = values.filter((_, i) => kinds[i] === kind);
    measure(subset);
    const m = measure(subset);
    rows.push({ name: `normalize ${kind} only`, value: Math.round(subset.length / m.wall), unit: 'values/s' });
  }
  // Context for the URL figure: the WHATWG parser alone on the same URLs bounds what the URL path can reach.
  const urls = values.filter((_, i) => kinds[i] === 'url').map((v) => v.trim());
  const t0 = performance.now();
  for (const u of urls) void new URL(u).href;
  const secs = (performance.now() - t0) / 1000;
  rows.push({ name: 'reference: new URL(…).href alone', value: Math.round(urls.length / secs), unit: 'values/s' });
  return rows;
}
