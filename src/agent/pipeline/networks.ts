/** CIDR sets for the member's own networks, and the reserved ranges that are never "remote". */
import ipaddr from 'ipaddr.js';
import { RenkeiError } from '../../core/errors.ts';
import type { ParsedIp } from '../../core/net/ip-fast.ts';

/** A set of CIDRs with fast IPv4 matching. */
export interface NetworkSet {
  has(ip: ParsedIp): boolean;
  readonly size: number;
}

/** Builds a set from CIDR strings (a bare address counts as /32 or /128); throws config_invalid on junk. */
export function networkSet(cidrs: readonly string[]): NetworkSet {
  const v4: Array<[number, number]> = [];
  const v6: Array<[ipaddr.IPv6, number]> = [];
  for (const raw of cidrs) {
    const c = raw.trim();
    if (!c) continue;
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let bits: number;
    try {
      [addr, bits] = c.includes('/') ? ipaddr.parseCIDR(c) : [ipaddr.parse(c), c.includes(':') ? 128 : 32];
    } catch {
      throw new RenkeiError('config_invalid', `not a CIDR: ${c}`);
    }
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
      addr = (addr as ipaddr.IPv6).toIPv4Address();
      bits = Math.max(0, bits - 96);
    }
    if (addr.kind() === 'ipv4') {
      const b = addr.toByteArray();
      const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      v4.push([(n & mask) >>> 0, mask]);
    } else v6.push([addr as ipaddr.IPv6, bits]);
  }
  return {
    size: v4.length + v6.length,
    has(ip) {
      if (ip.v === 4) {
        for (const [net, mask] of v4) if (((ip.n & mask) >>> 0) === net) return true;
        return false;
      }
      if (v6.length === 0) return false;
      const a = ipaddr.fromByteArray(Array.from(ip.b)) as ipaddr.IPv6;
      return v6.some(([net, bits]) => a.match(net, bits));
    },
  };
}

/** Private, loopback, link-local, CGNAT, multicast, documentation-free reserved space: never an internet peer. */
export const RESERVED = networkSet([
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
  '224.0.0.0/4', '240.0.0.0/4', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
]);
