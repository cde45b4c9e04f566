/**
 * Numeric forms of addresses and prefixes for the prefix table. IPv4 is an unsigned 32-bit number; IPv6
 * is four unsigned 32-bit words, most significant first. Text goes through the project's own IP parser,
 * so `::ffff:a.b.c.d` is an IPv4 address and `::ffff:a.b.c.0/120` an IPv4 prefix, as everywhere else.
 */
import ipaddr from 'ipaddr.js';
import { cidrRange, ipKey, parseCidr, parseIp } from '../indicators/ip.ts';

/** An address in numeric form. */
export type Address = { version: 4; value: number } | { version: 6; words: readonly [number, number, number, number] };

/** A prefix in numeric form: network address (host bits clear) and length. */
export type Prefix =
  | { version: 4; start: number; length: number }
  | { version: 6; words: readonly [number, number, number, number]; length: number };

const MAPPED_W2 = 0xffff;

function wordsOfKey(key: string): [number, number, number, number] {
  return [parseInt(key.slice(0, 8), 16), parseInt(key.slice(8, 16), 16), parseInt(key.slice(16, 24), 16), parseInt(key.slice(24, 32), 16)];
}

/** True when four IPv6 words lie in ::ffff:0:0/96, i.e. are an IPv4 address. */
export function isMappedWords(w0: number, w1: number, w2: number): boolean {
  return w0 === 0 && w1 === 0 && w2 === MAPPED_W2;
}

/** Parses an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4); null when it is not an address. */
export function parseAddress(text: string): Address | null {
  const ip = parseIp(text.trim());
  if (!ip) return null;
  const key = ipKey(ip.canonical);
  const words = wordsOfKey(key);
  return ip.version === 4 ? { version: 4, value: words[3] } : { version: 6, words };
}

/** Parses `addr/len` or a bare address (a /32 or /128). Host bits must be clear; errors say why. */
export function parsePrefix(text: string): Prefix | { error: string } {
  const s = text.trim();
  if (s.indexOf('/') >= 0) {
    const c = parseCidr(s);
    if ('error' in c) return { error: c.error };
    if (c.hostBitsCleared) return { error: `host bits set (the network is ${c.value})` };
  }
  const r = cidrRange(s);
  if (!r) return { error: 'not an IP address or CIDR block' };
  const words = wordsOfKey(r.start);
  return r.version === 4 ? { version: 4, start: words[3], length: r.prefix } : { version: 6, words, length: r.prefix };
}

/**
 * Checks a numeric prefix and folds IPv6 prefixes inside ::ffff:0:0/96 into IPv4. Returns an error when
 * the length is out of range, a word is not an unsigned 32-bit integer, or host bits are set.
 */
export function normalizePrefix(p: Prefix): Prefix | { error: string } {
  const max = p.version === 4 ? 32 : 128;
  if (!Number.isInteger(p.length) || p.length < 0 || p.length > max) return { error: `prefix length ${p.length} is not in 0–${max}` };
  const words = p.version === 4 ? [p.start] : p.words;
  for (const w of words) if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) return { error: `${w} is not an unsigned 32-bit word` };
  const start = prefixStart(p);
  if (start !== (p.version === 4 ? BigInt(p.start) : wordsToBigint(p.words))) return { error: 'host bits set' };
  if (p.version === 6 && p.length >= 96 && isMappedWords(p.words[0], p.words[1], p.words[2])) {
    return { version: 4, start: p.words[3], length: p.length - 96 };
  }
  return p;
}

/** The four words of an IPv6 address as one 128-bit bigint. */
export function wordsToBigint(w: readonly [number, number, number, number]): bigint {
  return (BigInt(w[0]) << 96n) | (BigInt(w[1]) << 64n) | (BigInt(w[2]) << 32n) | BigInt(w[3]);
}

/** Four unsigned 32-bit words of a 128-bit bigint. */
export function bigintToWords(x: bigint): [number, number, number, number] {
  const m = 0xffffffffn;
  return [Number((x >> 96n) & m), Number((x >> 64n) & m), Number((x >> 32n) & m), Number(x & m)];
}

function bits(p: Prefix): number {
  return p.version === 4 ? 32 : 128;
}

/** First address of a prefix as a bigint, with host bits masked off. */
export function prefixStart(p: Prefix): bigint {
  const w = bits(p);
  const x = p.version === 4 ? BigInt(p.start >>> 0) : wordsToBigint(p.words);
  const hostBits = BigInt(w - p.length);
  return (x >> hostBits) << hostBits;
}

/** Last address of a prefix as a bigint. */
export function prefixEnd(p: Prefix): bigint {
  return prefixStart(p) + (1n << BigInt(bits(p) - p.length)) - 1n;
}

function v6Text(w: readonly [number, number, number, number]): string {
  const parts = w.flatMap((x) => [x >>> 16, x & 0xffff]);
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** Canonical text of a prefix: `network/len` (RFC 5952 for IPv6). */
export function formatPrefix(p: Prefix): string {
  if (p.version === 4) {
    const n = p.start >>> 0;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${p.length}`;
  }
  return `${v6Text(p.words)}/${p.length}`;
}
