/**
 * Names of the special-purpose address blocks (IANA IPv4/IPv6 special-purpose registries) so that
 * enrichment can say why an address has no country, AS or hosting provider: such addresses are not on
 * the Internet, and geo/hosting data for them (a Vultr list holding 192.0.2.0/24) only misleads.
 */
import { cidrRange, ipKey, parseIp } from './ip.ts';

const BLOCKS: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/8', 'this network (RFC 791)'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'shared CGN space (RFC 6598)'],
  ['127.0.0.0/8', 'loopback (RFC 1122)'],
  ['169.254.0.0/16', 'link-local (RFC 3927)'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0/24', 'documentation (RFC 5737)'],
  ['192.88.99.0/24', '6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation (RFC 5737)'],
  ['203.0.113.0/24', 'documentation (RFC 5737)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
  ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ['::/128', 'unspecified (RFC 4291)'],
  ['::1/128', 'loopback (RFC 4291)'],
  ['100::/64', 'discard-only (RFC 6666)'],
  ['2001:2::/48', 'benchmarking (RFC 5180)'],
  ['2001:10::/28', 'ORCHID (RFC 4843)'],
  ['2001:20::/28', 'ORCHIDv2 (RFC 7343)'],
  ['2001:db8::/32', 'documentation (RFC 3849)'],
  ['3fff::/20', 'documentation (RFC 9637)'],
  ['fc00::/7', 'unique local (RFC 4193)'],
  ['fe80::/10', 'link-local (RFC 4291)'],
  ['fec0::/10', 'site-local, deprecated (RFC 3879)'],
  ['ff00::/8', 'multicast (RFC 4291)'],
];

const RANGES = BLOCKS.map(([cidr, name]) => ({ ...cidrRange(cidr)!, name }));

/** The special-purpose block an address (or a CIDR's base address) lies in, e.g. "private (RFC 1918)"; null for Internet addresses. */
export function specialPurposeRange(ip: string): string | null {
  const p = parseIp(ip.split('/')[0]!);
  if (!p) return null;
  const k = ipKey(p.canonical);
  for (const r of RANGES) if (k >= r.start && k <= r.end) return r.name;
  return null;
}
