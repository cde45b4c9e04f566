/**
 * Prefix arithmetic for blind CIDR matching. Addresses are bigints (32 bits for IPv4, 128 for IPv6);
 * prefixes print as the canonical network text and length, identically on the owner and searcher side.
 */
import { ipKey, ipv4ToString, parseCidr, parseIp, parseIpv4Number } from '../indicators/ip.ts';

export type IpVersion = 4 | 6;

/** An address or a network: its version, address bits and prefix length (32/128 for one address). */
export interface IpBlock {
  version: IpVersion;
  bits: bigint;
  len: number;
}

const width = (v: IpVersion): number => (v === 4 ? 32 : 128);

/** Parses a canonical address or CIDR block (host bits cleared); null when it is neither. */
export function parseBlock(text: string): IpBlock | null {
  if (text.includes('/')) {
    const c = parseCidr(text);
    if ('error' in c) return null;
    const ip = parseBlock(c.value.split('/')[0]!);
    return ip ? { version: ip.version, bits: ip.bits, len: c.prefix } : null;
  }
  const ip = parseIp(text);
  if (!ip) return null;
  if (ip.version === 4) return { version: 4, bits: BigInt(parseIpv4Number(ip.canonical)!), len: 32 };
  return { version: 6, bits: BigInt('0x' + ipKey(ip.canonical)), len: 128 };
}

function mask(v: IpVersion, len: number): bigint {
  const w = BigInt(width(v));
  return len === 0 ? 0n : ((1n << w) - 1n) ^ ((1n << (w - BigInt(len))) - 1n);
}

/** Canonical text of an address given as bits. */
export function addressText(v: IpVersion, bits: bigint): string {
  if (v === 4) return ipv4ToString(Number(bits));
  const hex = bits.toString(16).padStart(32, '0');
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
  return parseIp(groups.join(':'))!.canonical;
}

/** `network/len` of the prefix of `len` bits that covers `b` (len ≤ b.len). */
export function coverText(b: IpBlock, len: number): string {
  return `${addressText(b.version, b.bits & mask(b.version, len))}/${len}`;
}

/** The 2^(len − b.len) prefixes of `len` bits inside `b` (len ≥ b.len), as `network/len` texts. */
export function subPrefixTexts(b: IpBlock, len: number): string[] {
  const count = 1n << BigInt(len - b.len);
  const step = 1n << BigInt(width(b.version) - len);
  const base = b.bits & mask(b.version, b.len);
  const out: string[] = [];
  for (let i = 0n; i < count; i++) out.push(`${addressText(b.version, base + i * step)}/${len}`);
  return out;
}

/** True when block `inner` lies inside block `outer`. */
export function blockContains(outer: IpBlock, inner: IpBlock): boolean {
  if (outer.version !== inner.version || inner.len < outer.len) return false;
  const m = mask(outer.version, outer.len);
  return (inner.bits & m) === (outer.bits & m);
}
