/**
 * The generated demo world: five members with realistic-looking but synthetic intel (no third-party data)
 * and an 853-value sample search whose per-member hit counts are known by construction:
 * - each member publishes exactly `hits[k]` of the sample values in community-visible (TLP:GREEN/CLEAR)
 *   events, each value once;
 * - each member also keeps 5 sample values in a TLP:RED event that only its own organisation can see;
 * - filler indicators live in disjoint name spaces (hyphenated domains, other URL hosts, other IPs) so
 *   no match kind (exact, composite, CIDR, subdomain, URL host) can link them to the sample.
 */
import type { AttributeInput, EventInput } from '../../core/model/event.ts';
import { normalize } from '../../core/indicators/normalize.ts';
import { seededRandom as rng } from '../../core/random/seeded-random.ts';

export interface WorldMember {
  name: string;
  events: EventInput[];
  /** Sample values visible to every other member. */
  shared: number;
  /** Sample values only the owner sees. */
  private: number;
}

export interface DemoWorld {
  members: WorldMember[];
  sample: string[];
  /** Expected per-member hit totals when `searcher` runs the sample search (the same for every searcher: RED stays home). */
  expected(searcher: string): Record<string, number>;
  indicatorCount: number;
}

export const DEMO_MEMBERS = ['Aoba CSIRT', 'Kinu SOC', 'Sakura ISAC', 'Tsubaki Telecom', 'Hinoki MSSP'] as const;
/** SecureGRID's observed pattern (13, 0, 355, 177) plus a fifth member. */
export const DEMO_SHARED_HITS = [13, 0, 355, 177, 64] as const;
const PRIVATE_HITS = 5;

const WORDS = ['kumo', 'sora', 'umi', 'yama', 'kawa', 'hoshi', 'tsuki', 'kaze', 'hana', 'mori', 'shiro', 'kuro', 'aka', 'ao', 'midori', 'gin', 'kin', 'tetsu', 'hikari', 'kage', 'update', 'secure', 'login', 'cdn', 'mail', 'portal', 'sync', 'cloud', 'static', 'api', 'relay', 'node'];
const TLDS = ['com', 'net', 'org', 'info', 'xyz', 'top', 'jp', 'biz', 'online', 'site'];
const SAMPLE_OCTETS = [45, 103, 139, 185, 193, 154, 202, 91, 5, 37];
const FILLER_OCTETS = [23, 31, 46, 62, 77, 80, 89, 94, 109, 176];
const CAMPAIGNS = ['BlackTech infrastructure', 'Phishing wave', 'Emotet distribution', 'Cobalt Strike C2', 'Credential harvesting', 'Loader campaign', 'Botnet C2 refresh', 'APT watering hole'];


function uuidFrom(r: () => number): string {
  const h = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const hex = (r: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

function sampleValues(r: () => number): string[] {
  const out = new Set<string>();
  const add = (v: string): void => {
    const n = normalize(v);
    if (n.ok) out.add(n.value);
  };
  while (out.size < 300) add(`${pick(r, SAMPLE_OCTETS)}.${1 + Math.floor(r() * 254)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`);
  for (let i = 0; out.size < 600; i++) add(`${pick(r, WORDS)}${pick(r, WORDS)}${i}.${pick(r, TLDS)}`);
  for (let i = 0; out.size < 753; i++) add(`http://u${i}${pick(r, WORDS)}.${pick(r, TLDS)}/${pick(r, WORDS)}/${hex(r, 6)}.php`);
  while (out.size < 853) add(hex(r, 64));
  return [...out];
}

function attr(r: () => number, value: string, ts: number): AttributeInput {
  const n = normalize(value);
  const type = n.ok ? n.type : 'text';
  const category = type === 'sha256' || type === 'md5' ? 'Payload delivery' : 'Network activity';
  return { uuid: uuidFrom(r), type, category, value: n.ok ? n.value : value, toIds: r() < 0.8, comment: '', firstSeen: null, lastSeen: null, timestamp: ts, distribution: 5, sharingGroupUuid: null, tags: [], deleted: false, disableCorrelation: false, objectRelation: null };
}

function event(r: () => number, member: string, info: string, tlp: string, attrs: AttributeInput[], ts: number): EventInput {
  const d = new Date(ts * 1000).toISOString().slice(0, 10);
  return {
    uuid: uuidFrom(r), info, date: d, threatLevel: pick(r, [1, 2, 3] as const), analysis: 2, published: true, publishTimestamp: ts, timestamp: ts,
    distribution: tlp === 'tlp:red' ? 0 : 3, sharingGroup: null, orgc: { name: member }, tags: [{ name: tlp }], attributes: attrs, objects: [], sightings: [],
  };
}

function fillerValue(r: () => number, i: number): string {
  switch (i % 5) {
    case 0: return `${pick(r, FILLER_OCTETS)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
    case 1: return `${pick(r, WORDS)}-${pick(r, WORDS)}-${i}.${pick(r, TLDS)}`;
    case 2: return `https://f${i}-${pick(r, WORDS)}.${pick(r, TLDS)}/${pick(r, WORDS)}?id=${hex(r, 8)}`;
    case 3: return hex(r, 64);
    default: return hex(r, 32);
  }
}

/** Generates the world; `fillerPerMember` sets size (default 3,000 indicators per member). */
export function generateWorld(opts: { seed?: number; fillerPerMember?: number } = {}): DemoWorld {
  const r = rng(opts.seed ?? 20261121);
  const sample = sampleValues(r);
  const sampleSet = new Set(sample);
  const base = 1_790_000_000;
  const members: WorldMember[] = DEMO_MEMBERS.map((name, k) => {
    const order = [...sample].sort(() => r() - 0.5);
    const sharedVals = order.slice(0, DEMO_SHARED_HITS[k]);
    const privateVals = order.slice(DEMO_SHARED_HITS[k]!, DEMO_SHARED_HITS[k]! + PRIVATE_HITS);
    const filler: string[] = [];
    for (let i = 0; filler.length < (opts.fillerPerMember ?? 3000); i++) {
      const v = fillerValue(r, i + k * 1_000_000);
      if (!sampleSet.has(v)) filler.push(v);
    }
    const all = [...sharedVals, ...filler].sort(() => r() - 0.5);
    const events: EventInput[] = [];
    for (let i = 0, n = 0; i < all.length; n++) {
      const size = 40 + Math.floor(r() * 160);
      const ts = base + n * 86_400 + Math.floor(r() * 80_000);
      events.push(event(r, name, `${pick(r, CAMPAIGNS)} #${n + 1} (${name})`, r() < 0.7 ? 'tlp:green' : 'tlp:clear', all.slice(i, i + size).map((v) => attr(r, v, ts)), ts));
      i += size;
    }
    events.push(event(r, name, `Internal incident notes (${name})`, 'tlp:red', privateVals.map((v) => attr(r, v, base)), base));
    return { name, events, shared: sharedVals.length, private: privateVals.length };
  });
  return {
    members,
    sample,
    indicatorCount: members.reduce((n, m) => n + m.events.reduce((a, e) => a + e.attributes.length, 0), 0),
    expected() {
      // Private (TLP:RED) values never reach the hub, not even for their owner's own search.
      return Object.fromEntries(members.map((m) => [m.name, m.shared]));
    },
  };
}
