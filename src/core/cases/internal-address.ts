/** Addresses that only mean something inside an organisation (RFC 1918, loopback, link-local, CGNAT, ULA). */
import { parseIp } from '../net/ip-fast.ts';

const V4_INTERNAL: ReadonlyArray<readonly [number, number]> = [
  [0x0a000000, 8], // 10/8
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16
  [0x64400000, 10], // 100.64/10 (carrier-grade NAT)
];

/** True for an address (optionally with a /prefix) inside an internal range. */
export function isInternalAddress(text: string): boolean {
  const ip = parseIp(text.trim().replace(/\/\d{1,3}$/, ''));
  if (!ip) return false;
  if (ip.v === 4) return V4_INTERNAL.some(([base, bits]) => ((ip.n >>> (32 - bits)) << (32 - bits)) >>> 0 === base);
  const b = ip.b;
  if ((b[0]! & 0xfe) === 0xfc) return true; // fc00::/7
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return true; // fe80::/10
  return b.every((x, i) => (i === 15 ? x === 1 : x === 0)); // ::1
}
