/**
 * What the store indexes for one attribute, so that batch lookup is index-only:
 * exact keys (full value, each half of a composite `a|b`, a URL's host) and IP entries
 * (single addresses as points, CIDRs as ranges with their prefix length in key space).
 */
import { cidrRange, ipKey, isNonRoutable, parseIp } from '../indicators/ip.ts';
import { urlHost } from '../indicators/domain.ts';
import { commonBits } from './ip-bits.ts';

/** 0 = full value, 1 = one half of a composite, 2 = host of a URL. */
export type KeyVia = 0 | 1 | 2;

export interface IndexEntries {
  keys: Array<{ key: string; via: KeyVia }>;
  points: string[];
  ranges: Array<{ start: string; end: string; bits: number }>;
}

/** Longer values are not indexed: they are not indicators, and btree keys must stay small. */
export const MAX_KEY_LENGTH = 1000;

const URL_TYPES = new Set(['url', 'uri', 'link']);
/** Where the IP sits in types that carry one: 0 whole value, 1 first half, 2 second half. */
const IP_PART: Record<string, 0 | 1 | 2> = {
  'ip-src': 0,
  'ip-dst': 0,
  'ip-src|port': 1,
  'ip-dst|port': 1,
  'domain|ip': 2,
};

/** Ranges broader than these are never CIDR-matched (not indicators, and they would hit everything). */
const MIN_PREFIX_V4 = 8;
const MIN_PREFIX_V6 = 16;

/**
 * Splits a composite value the way MISP does (value1 before the first `|`, value2 the rest). MISP's
 * composite types are those with `|` in the name plus `malware-sample` (`filename|md5`).
 */
export function splitComposite(type: string, value: string): [string, string] | null {
  if (!type.includes('|') && type !== 'malware-sample') return null;
  const i = value.indexOf('|');
  if (i < 0) return null;
  return [value.slice(0, i), value.slice(i + 1)];
}

/** Range entry for a CIDR, or a point when it covers a single address; null when invalid. */
export function ipEntry(
  text: string,
): { point: string } | { start: string; end: string; bits: number; tooBroad: boolean; nonRoutable: boolean } | null {
  if (text.includes('/')) {
    const r = cidrRange(text);
    if (!r) return null;
    if (r.start === r.end) return { point: r.start };
    const tooBroad = r.prefix < (r.version === 4 ? MIN_PREFIX_V4 : MIN_PREFIX_V6);
    return { start: r.start, end: r.end, bits: commonBits(r.start, r.end), tooBroad, nonRoutable: isNonRoutable(text) };
  }
  if (!parseIp(text)) return null;
  return { point: ipKey(text) };
}


/** Index entries for one attribute (call only for attributes that are not deleted). */
export function indexEntries(type: string, value: string): IndexEntries {
  const out: IndexEntries = { keys: [], points: [], ranges: [] };
  const add = (key: string, via: KeyVia) => {
    if (key.length > 0 && key.length <= MAX_KEY_LENGTH && !out.keys.some((k) => k.key === key)) out.keys.push({ key, via });
  };
  add(value, 0);
  const halves = splitComposite(type, value);
  if (halves) {
    add(halves[0], 1);
    add(halves[1], 1);
  }
  if (URL_TYPES.has(type)) {
    const host = urlHost(value);
    if (host) add(host, 2);
  }
  const part = IP_PART[type];
  if (part !== undefined) {
    const ip = part === 0 ? value : halves?.[part - 1];
    const entry = ip ? ipEntry(ip) : null;
    if (entry && 'point' in entry) out.points.push(entry.point);
    else if (entry && !entry.nonRoutable && !entry.tooBroad) out.ranges.push({ start: entry.start, end: entry.end, bits: entry.bits });
  }
  return out;
}
