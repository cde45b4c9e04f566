/**
 * IP addresses and CIDR blocks: parsing to canonical text (dotted quad; RFC 5952 for IPv6),
 * fixed-width sortable keys, and the non-routable blocks that must never match as indicators.
 */
import ipaddr from 'ipaddr.js';

export interface ParsedIp {
  version: 4 | 6;
  canonical: string;
}

const V6_CHARS = /^[0-9A-Fa-f:.]+$/;
/** Colon-separated hex bytes (certificate serials, fingerprints, MACs) look like IPv6 to a naive regex. */
const COLON_HEX_BYTES = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5,}$/;
const MAPPED_PREFIX = '00000000000000000000ffff';

/** Parses dotted-decimal IPv4 (leading zeros read as decimal) to an unsigned 32-bit number, or null. */
export function parseIpv4Number(s: string): number | null {
  // Hand-rolled: this runs on every value the normaliser sees, and a regex match allocates.
  const n = s.length;
  if (n < 7 || n > 15) return null;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      octet = octet * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || octet > 255 || ++dots > 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return null;
  return value * 256 + octet;
}

/** Dotted-quad text of an unsigned 32-bit number. */
export function ipv4ToString(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * Parses IPv6 text to its RFC 5952 form and eight 16-bit parts. The WHATWG URL host parser (native,
 * in Node and browsers) does the parsing and prints RFC 5952; it is several times faster than ipaddr.js.
 */
function parseV6(s: string): { text: string; parts: number[] } | null {
  if (s.indexOf(':') < 0 || !V6_CHARS.test(s) || COLON_HEX_BYTES.test(s)) return null;
  let text: string;
  try {
    text = new URL(`http://[${s}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  return { text, parts: expandV6(text) };
}

/** Eight 16-bit parts of WHATWG-printed IPv6 text (hex groups and at most one `::`, no dotted quad). */
function expandV6(text: string): number[] {
  const gap = text.indexOf('::');
  const head = gap < 0 ? text : text.slice(0, gap);
  const tail = gap < 0 ? '' : text.slice(gap + 2);
  const h = head === '' ? [] : head.split(':').map((x) => parseInt(x, 16));
  const t = tail === '' ? [] : tail.split(':').map((x) => parseInt(x, 16));
  const zeros = new Array<number>(8 - h.length - t.length).fill(0);
  return [...h, ...zeros, ...t];
}

function isMapped(parts: number[]): boolean {
  return parts[0] === 0 && parts[1] === 0 && parts[2] === 0 && parts[3] === 0 && parts[4] === 0 && parts[5] === 0xffff;
}

function mappedV4(parts: number[]): number {
  return parts[6]! * 65536 + parts[7]!;
}

/**
 * Parses an IPv4 or IPv6 address to canonical text. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes the IPv4
 * address; colon-hex serials such as `3e:0a:2c:…` are not addresses. Returns null when not an address.
 */
export function parseIp(s: string): ParsedIp | null {
  const n = parseIpv4Number(s);
  if (n !== null) return { version: 4, canonical: ipv4ToString(n) };
  const v6 = parseV6(s);
  if (!v6) return null;
  if (isMapped(v6.parts)) return { version: 4, canonical: ipv4ToString(mappedV4(v6.parts)) };
  return { version: 6, canonical: v6.text };
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function v4Key(n: number): string {
  return MAPPED_PREFIX + n.toString(16).padStart(8, '0');
}

/** 32 lowercase hex digits of an address; IPv4 sits in ::ffff:0:0/96 so both families share one order. */
export function ipKey(canonicalIp: string): string {
  const n = parseIpv4Number(canonicalIp);
  if (n !== null) return v4Key(n);
  const v6 = parseV6(canonicalIp);
  if (!v6) throw new TypeError(`not an IP address: ${canonicalIp}`);
  if (isMapped(v6.parts)) return v4Key(mappedV4(v6.parts));
  return v6.parts.map(hex4).join('');
}

export interface ParsedCidr {
  version: 4 | 6;
  /** Canonical text: network address and prefix, or the plain address for /32 and /128. */
  value: string;
  prefix: number;
  /** True when the input had host bits set that were cleared. */
  hostBitsCleared: boolean;
}

/** Parses `addr/prefix`, clearing host bits. Returns an error reason when it is not a valid block. */
export function parseCidr(s: string): ParsedCidr | { error: string } {
  const slash = s.indexOf('/');
  if (slash < 0 || s.indexOf('/', slash + 1) >= 0) return { error: 'not a CIDR block' };
  const addr = s.slice(0, slash);
  const ptext = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(ptext)) return { error: 'CIDR prefix is not a number' };
  let prefix = +ptext;
  const n = parseIpv4Number(addr);
  if (n !== null) {
    if (prefix > 32) return { error: `IPv4 prefix /${prefix} is longer than 32` };
    return v4Cidr(n, prefix);
  }
  const v6 = parseV6(addr);
  if (!v6) return { error: 'CIDR address is not a valid IP address' };
  if (prefix > 128) return { error: `IPv6 prefix /${prefix} is longer than 128` };
  if (isMapped(v6.parts) && prefix >= 96) return v4Cidr(mappedV4(v6.parts), prefix - 96);
  const parts = v6.parts.slice();
  let cleared = false;
  for (let i = 0; i < 8; i++) {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    const v = parts[i]! & mask;
    if (v !== parts[i]) cleared = true;
    parts[i] = v;
  }
  const net = new ipaddr.IPv6(parts).toRFC5952String();
  prefix = prefix | 0;
  return { version: 6, value: prefix === 128 ? net : `${net}/${prefix}`, prefix, hostBitsCleared: cleared };
}

function v4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function v4Cidr(n: number, prefix: number): ParsedCidr {
  const net = (n & v4Mask(prefix)) >>> 0;
  const text = ipv4ToString(net);
  return { version: 4, value: prefix === 32 ? text : `${text}/${prefix}`, prefix, hostBitsCleared: net !== n };
}

/** First and last address keys (see `ipKey`) of a CIDR block or single address; null when unparsable. */
export function cidrRange(cidr: string): { start: string; end: string; prefix: number; version: 4 | 6 } | null {
  const parsed = cidr.indexOf('/') >= 0 ? parseCidr(cidr) : null;
  let value: string, prefix: number, version: 4 | 6;
  if (parsed) {
    if ('error' in parsed) return null;
    ({ value, prefix, version } = parsed);
    value = value.split('/')[0]!;
  } else {
    const ip = parseIp(cidr);
    if (!ip) return null;
    value = ip.canonical;
    version = ip.version;
    prefix = version === 4 ? 32 : 128;
  }
  if (version === 4) {
    const n = parseIpv4Number(value)!;
    const end = (n | ~v4Mask(prefix)) >>> 0;
    return { start: v4Key(n), end: v4Key(end), prefix, version };
  }
  const start = ipKey(value);
  const keep = prefix >> 2;
  let end = start.slice(0, keep);
  if (keep < 32) {
    const rem = prefix & 3;
    const nib = parseInt(start[keep]!, 16) | (0xf >> rem);
    end += nib.toString(16) + 'f'.repeat(31 - keep);
  }
  return { start, end, prefix, version };
}

// Blocks that are never Internet indicators (RFC 1918, 5737, 6598, 6890, 3849, 9637 …).
const V4_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16],
  ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3],
].map(([a, p]) => [parseIpv4Number(a as string)!, p as number] as const);

const V6_BLOCKS: ReadonlyArray<readonly [string, number]> = [
  ['::', 8], ['100::', 64], ['2001:2::', 48], ['2001:10::', 28], ['2001:20::', 28], ['2001:db8::', 32],
  ['3fff::', 20], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
].map(([a, p]) => [ipKey(a as string), p as number] as const);

const V4_BASES = Uint32Array.from(V4_BLOCKS.map((b) => b[0]));
const V4_MASKS = Uint32Array.from(V4_BLOCKS.map((b) => v4Mask(b[1])));
/** First octets that can start a non-routable block: most addresses are ruled out with one lookup. */
const V4_FIRST = new Uint8Array(256);
for (const [base, p] of V4_BLOCKS) for (let a = base >>> 24; a <= (base >>> 24) + (p >= 8 ? 0 : 2 ** (8 - p) - 1); a++) V4_FIRST[a] = 1;

/** `isNonRoutable` for an IPv4 address given as an unsigned 32-bit number. */
export function v4NonRoutable(n: number): boolean {
  if (V4_FIRST[n >>> 24] === 0) return false;
  for (let i = 0; i < V4_BASES.length; i++) if (((n & V4_MASKS[i]!) >>> 0) === V4_BASES[i]) return true;
  return false;
}

function keyInBlock(key: string, base: string, prefix: number): boolean {
  const whole = prefix >> 2;
  if (key.slice(0, whole) !== base.slice(0, whole)) return false;
  const rem = prefix & 3;
  if (rem === 0) return true;
  const mask = (0xf << (4 - rem)) & 0xf;
  return (parseInt(key[whole]!, 16) & mask) === (parseInt(base[whole]!, 16) & mask);
}

/**
 * True for addresses that are never Internet indicators: private, loopback, link-local, CGNAT,
 * multicast/reserved 224/3, 0/8, documentation and benchmarking ranges, ::1, fe80::/10, fc00::/7 …
 * A CIDR block counts when its network address does and its prefix is at least as long as that block's.
 */
export function isNonRoutable(canonicalIp: string): boolean {
  const n4 = parseIpv4Number(canonicalIp);
  if (n4 !== null) return v4NonRoutable(n4);
  if (canonicalIp.indexOf('/') < 0) {
    const v6 = parseV6(canonicalIp);
    if (!v6) return false;
    if (isMapped(v6.parts)) return v4NonRoutable(mappedV4(v6.parts));
    return v6NonRoutable(v6.parts.map(hex4).join(''), 128);
  }
  const range = cidrRange(canonicalIp);
  if (!range) return false;
  if (range.version === 4) {
    const n = parseInt(range.start.slice(24), 16);
    for (const [base, p] of V4_BLOCKS) if (range.prefix >= p && ((n & v4Mask(p)) >>> 0) === base) return true;
    return false;
  }
  return v6NonRoutable(range.start, range.prefix);
}

function v6NonRoutable(key: string, prefix: number): boolean {
  // NAT64 (64:ff9b::/96) embeds an IPv4 address: judge that address.
  if (prefix >= 96 && key.startsWith('0064ff9b0000000000000000')) return v4NonRoutable(parseInt(key.slice(24), 16));
  for (const [base, p] of V6_BLOCKS) if (prefix >= p && keyInBlock(key, base, p)) return true;
  return false;
}
