/**
 * Fast IP address parsing and formatting for the agent's hot path (no allocation for IPv4).
 * IPv6 output is RFC 5952 (lower case, longest zero run compressed, no leading zeros).
 */
import { parseIpv4Number } from '../indicators/ip.ts';

/**
 * Parses a dotted-quad IPv4 address to an unsigned 32-bit number, or -1 if it is not one. The one
 * IPv4 reading of the project (`parseIpv4Number`): leading zeros are decimal, as the normaliser reads
 * indicators, so a log line and a shared indicator name the same address.
 */
export function parseIPv4(s: string): number {
  const v = parseIpv4Number(s);
  return v === null ? -1 : v;
}

/** Formats an unsigned 32-bit number as dotted quad. */
export function formatIPv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses an IPv6 address (with optional embedded IPv4 tail; no zone id) into 16 bytes, or null. */
export function parseIPv6(s: string): Uint8Array | null {
  if (s.length < 2 || s.length > 45 || s.indexOf(':') < 0) return null;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  const n = s.length;
  if (s.startsWith('::')) {
    gap = 0;
    i = 2;
    if (n === 2) return new Uint8Array(16);
  } else if (s.charCodeAt(0) === 58) return null;
  while (i < n) {
    // An embedded IPv4 tail takes the last 32 bits.
    const nextColon = s.indexOf(':', i);
    const tokenEnd = nextColon < 0 ? n : nextColon;
    const token = s.slice(i, tokenEnd);
    if (nextColon < 0 && token.indexOf('.') >= 0) {
      const v4 = parseIPv4(token);
      if (v4 < 0) return null;
      groups.push((v4 >>> 16) & 0xffff, v4 & 0xffff);
      i = n;
      break;
    }
    if (token.length === 0 || token.length > 4) return null;
    let g = 0;
    for (let k = 0; k < token.length; k++) {
      const h = hexVal(token.charCodeAt(k));
      if (h < 0) return null;
      g = g * 16 + h;
    }
    groups.push(g);
    if (nextColon < 0) {
      i = n;
      break;
    }
    if (s.charCodeAt(nextColon + 1) === 58) {
      if (gap >= 0) return null;
      gap = groups.length;
      i = nextColon + 2;
      if (i === n) break;
    } else {
      i = nextColon + 1;
      if (i === n) return null;
    }
  }
  if (groups.length > 8 || (gap < 0 && groups.length !== 8) || (gap >= 0 && groups.length > 7)) return null;
  const out = new Uint8Array(16);
  const tail = gap < 0 ? 0 : groups.length - gap;
  for (let k = 0; k < groups.length; k++) {
    const pos = gap >= 0 && k >= gap ? 8 - tail + (k - gap) : k;
    out[pos * 2] = groups[k]! >>> 8;
    out[pos * 2 + 1] = groups[k]! & 255;
  }
  return out;
}

/** Formats 16 bytes as an RFC 5952 IPv6 string. */
export function formatIPv6(b: Uint8Array): string {
  const g: number[] = [];
  for (let k = 0; k < 8; k++) g.push((b[k * 2]! << 8) | b[k * 2 + 1]!);
  let bestStart = -1;
  let bestLen = 1;
  for (let k = 0; k < 8; ) {
    if (g[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && g[e] === 0) e++;
    if (e - k > bestLen) {
      bestStart = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = (arr: number[]): string => arr.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/** An address parsed once: IPv4 as a number, IPv6 as bytes (IPv4-mapped IPv6 folds to IPv4). */
export type ParsedIp = { v: 4; n: number } | { v: 6; b: Uint8Array };

/** Parses either family; returns null for anything that is not an address. */
export function parseIp(s: string): ParsedIp | null {
  const v4 = parseIPv4(s);
  if (v4 >= 0) return { v: 4, n: v4 };
  const pct = s.indexOf('%');
  const b = parseIPv6(pct >= 0 ? s.slice(0, pct) : s);
  if (!b) return null;
  if (isV4Mapped(b)) return { v: 4, n: ((b[12]! << 24) | (b[13]! << 16) | (b[14]! << 8) | b[15]!) >>> 0 };
  return { v: 6, b };
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let k = 0; k < 10; k++) if (b[k] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}
