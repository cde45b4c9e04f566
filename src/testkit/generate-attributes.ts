/**
 * Deterministic synthetic intel for benchmarks and load tests: a realistic mix of IPs, CIDRs, ip|port,
 * domains, hostnames, URLs (some on bare IPs), hashes and filename|hash composites, in MISP events.
 * Attribute i's value is a pure function of (seed, i), so `sampleSearchValues` can name values with
 * known expected hits without keeping the data in memory.
 */
import type { MatchKind } from '../contracts/match-kinds.ts';
import type { AttributeInput, EventInput } from '../core/model/event.ts';
import { isNonRoutable } from '../core/indicators/ip.ts';

export interface GenerateOptions {
  attributes: number;
  seed?: number;
  /** Attributes per event (default 200). */
  perEvent?: number;
  /** Attributes per yielded batch (default 10,000). */
  batchAttributes?: number;
}

function mix(seed: number, i: number, salt: number): number {
  let h = (seed * 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b) ^ Math.imul(salt + 7, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex(seed: number, i: number, salt: number, len: number): string {
  let s = '';
  for (let k = 0; s.length < len; k++) s += mix(seed, i, salt * 31 + k).toString(16).padStart(8, '0');
  return s.slice(0, len);
}

function ipv4(seed: number, i: number, salt: number): string {
  for (let k = 0; ; k++) {
    const n = mix(seed, i, salt + k * 101);
    const ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    if (!isNonRoutable(ip) && n >>> 24 !== 0) return ip;
  }
}

const TLDS = ['com', 'net', 'org', 'ru', 'top', 'xyz', 'info', 'cn', 'jp', 'io'];
const WORDS = ['update', 'secure', 'login', 'cdn', 'mail', 'api', 'portal', 'cloud', 'files', 'auth', 'static', 'verify'];

function domain(seed: number, i: number): string {
  const n = mix(seed, i, 11);
  return `${WORDS[n % WORDS.length]}-${i.toString(36)}${(n >>> 8).toString(36).slice(0, 3)}.${TLDS[(n >>> 4) % TLDS.length]}`;
}

/** The CIDR stored at a CIDR slot, as [network, prefix]. */
function cidr(seed: number, i: number): [string, number] {
  const prefix = 24 + (mix(seed, i, 13) % 5);
  for (let k = 0; ; k++) {
    const base = (mix(seed, i, 3 + k * 7) & (0xffffffff << (32 - prefix))) >>> 0;
    const ip = `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}`;
    if (!isNonRoutable(`${ip}/${prefix}`) && base >>> 24 !== 0) return [ip, prefix];
  }
}

/** MISP type and canonical value of attribute i. */
export function attributeAt(seed: number, i: number): { type: string; category: string; value: string } {
  const slot = i % 100;
  if (slot < 30) return { type: 'ip-dst', category: 'Network activity', value: ipv4(seed, i, 1) };
  if (slot < 35) {
    const [net, p] = cidr(seed, i);
    return { type: 'ip-dst', category: 'Network activity', value: `${net}/${p}` };
  }
  if (slot < 40) return { type: 'ip-dst|port', category: 'Network activity', value: `${ipv4(seed, i, 2)}|${1024 + (mix(seed, i, 5) % 60000)}` };
  if (slot < 60) return { type: 'domain', category: 'Network activity', value: domain(seed, i) };
  if (slot < 65) return { type: 'hostname', category: 'Network activity', value: `${WORDS[mix(seed, i, 9) % WORDS.length]}.${domain(seed, i)}` };
  if (slot < 72) return { type: 'url', category: 'Network activity', value: `https://${domain(seed, i)}/${hex(seed, i, 17, 8)}/index.php` };
  if (slot < 80) return { type: 'url', category: 'Network activity', value: `http://${ipv4(seed, i, 4)}:8080/${hex(seed, i, 19, 6)}.bin` };
  if (slot < 85) return { type: 'md5', category: 'Payload delivery', value: hex(seed, i, 21, 32) };
  if (slot < 90) return { type: 'sha1', category: 'Payload delivery', value: hex(seed, i, 23, 40) };
  if (slot < 95) return { type: 'filename|md5', category: 'Payload delivery', value: `invoice_${i.toString(36)}.exe|${hex(seed, i, 25, 32)}` };
  return { type: 'sha256', category: 'Payload delivery', value: hex(seed, i, 27, 64) };
}

function uuidAt(seed: number, i: number, salt: number): string {
  const h = hex(seed, i, salt, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const TLP_TAGS = ['tlp:green', 'tlp:green', 'tlp:clear', 'tlp:amber'];

/** Yields batches of events holding `attributes` attributes in total. */
export function* generateEvents(opts: GenerateOptions): Generator<EventInput[]> {
  const seed = opts.seed ?? 1;
  const per = opts.perEvent ?? 200;
  const batchAttrs = opts.batchAttributes ?? 10_000;
  let batch: EventInput[] = [];
  let inBatch = 0;
  for (let start = 0, ev = 0; start < opts.attributes; start += per, ev++) {
    const end = Math.min(opts.attributes, start + per);
    const attributes: AttributeInput[] = [];
    for (let i = start; i < end; i++) {
      const a = attributeAt(seed, i);
      attributes.push({
        uuid: uuidAt(seed, i, 1),
        type: a.type,
        category: a.category,
        value: a.value,
        toIds: true,
        comment: '',
        firstSeen: null,
        lastSeen: null,
        timestamp: 1_700_000_000 + i,
        distribution: 5,
        sharingGroupUuid: null,
        tags: [],
        deleted: false,
        disableCorrelation: false,
        objectRelation: null,
      });
    }
    batch.push({
      uuid: uuidAt(seed, ev, 2),
      info: `Synthetic campaign ${ev}`,
      date: `2024-${String((ev % 12) + 1).padStart(2, '0')}-${String((ev % 28) + 1).padStart(2, '0')}`,
      threatLevel: ((ev % 4) + 1) as 1 | 2 | 3 | 4,
      analysis: 2,
      published: true,
      publishTimestamp: 1_700_000_000 + ev,
      timestamp: 1_700_000_000 + ev,
      distribution: ev % 5 === 0 ? 3 : 1,
      sharingGroup: null,
      orgc: { name: 'Synthetic Org' },
      tags: [{ name: TLP_TAGS[ev % TLP_TAGS.length]! }],
      attributes,
      objects: [],
      sightings: [],
    });
    inBatch += attributes.length;
    if (inBatch >= batchAttrs) {
      yield batch;
      batch = [];
      inBatch = 0;
    }
  }
  if (batch.length) yield batch;
}

export interface SampledValue {
  type: string;
  value: string;
  /** The match kind a hit is expected with, or null when the value is expected to miss. */
  expect: MatchKind | null;
}

/** Search values over a store filled by `generateEvents` with the same seed: about `hitRatio` expected hits. */
export function sampleSearchValues(opts: { attributes: number; seed?: number; count: number; hitRatio?: number; sampleSeed?: number }): SampledValue[] {
  const seed = opts.seed ?? 1;
  const s2 = opts.sampleSeed ?? 7;
  const out: SampledValue[] = [];
  for (let k = 0; k < opts.count; k++) {
    const r = mix(s2, k, 1);
    if ((r % 1000) / 1000 >= (opts.hitRatio ?? 0.5)) {
      const m = mix(s2, k, 2) % 4;
      if (m === 0) out.push({ type: 'ip-dst', value: ipv4(s2 + 1000, k, 9), expect: null });
      else if (m === 1) out.push({ type: 'domain', value: `absent-${k.toString(36)}.example-miss.com`, expect: null });
      else if (m === 2) out.push({ type: 'url', value: `https://absent-${k}.example-miss.net/x`, expect: null });
      else out.push({ type: 'sha256', value: hex(s2 + 1000, k, 3, 64), expect: null });
      continue;
    }
    const i = mix(s2, k, 3) % opts.attributes;
    const a = attributeAt(seed, i);
    const slot = i % 100;
    if (slot >= 30 && slot < 35) {
      const [net, p] = cidr(seed, i);
      const base = net.split('.').map(Number);
      const host = mix(s2, k, 4) % 2 ** (32 - p);
      const n = ((base[0]! << 24) | (base[1]! << 16) | (base[2]! << 8) | base[3]!) + host;
      out.push({ type: 'ip-dst', value: `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`, expect: 'cidr' });
    } else if (slot >= 35 && slot < 40) out.push({ type: 'ip-dst', value: a.value.split('|')[0]!, expect: 'composite' });
    else if (slot >= 40 && slot < 60 && k % 3 === 0) out.push({ type: 'hostname', value: `www.${a.value}`, expect: 'subdomain' });
    else if (slot >= 65 && slot < 80 && k % 2 === 0) {
      const host = a.value.split('/')[2]!.split(':')[0]!;
      out.push({ type: slot < 72 ? 'domain' : 'ip-dst', value: host, expect: 'url-host' });
    } else if (slot >= 90 && slot < 95) out.push({ type: 'md5', value: a.value.split('|')[1]!, expect: 'composite' });
    else out.push({ type: a.type, value: a.value, expect: 'exact' });
  }
  return out;
}
