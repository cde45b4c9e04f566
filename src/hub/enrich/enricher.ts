/**
 * Enrichment of IP values (and URLs on an IP): ASN, AS name and country from the offline IP database,
 * and a hosting tag that tells apart a public DNS resolver ("Public DNS resolver: Google"), a CDN edge
 * ("CDN: Cloudflare") and VPS/cloud hosting ("VPS/Cloud: Vultr"), from provider range files, else from
 * the project's AS lists. Special-purpose addresses (private, documentation, loopback…) get none of it,
 * only the name of their block: data about them only misleads.
 */
import type { Enrichment } from '../../contracts/hub-api.ts';
import { createIpInfo, type IpInfoService } from '../../geo/ip-info.ts';
import { urlHost } from '../../core/indicators/domain.ts';
import { parseIp } from '../../core/indicators/ip.ts';
import { specialPurposeRange } from '../../core/indicators/special-ranges.ts';
import { CidrSet } from './cidr-set.ts';
import { HOSTING_ASNS } from './hosting-asns.ts';
import { CDN_ASNS, CDN_PROVIDERS, PUBLIC_RESOLVERS } from './network-kinds.ts';
import { loadRangeDir, type RangeLoadReport } from './range-files.ts';

export interface Enricher {
  /** Enrichment for an IP-typed value (`ip-dst`, `ip-src|port`, a CIDR's base address…), else null. */
  enrich(type: string, value: string): Enrichment | null;
  report: RangeLoadReport;
}

const IP_TYPES = /^(ip-src|ip-dst|ip|ip-dst\|port|ip-src\|port|domain\|ip)$/;
const URL_TYPES = new Set(['url', 'uri', 'link']);

/** The canonical address an IP-typed value (or a URL on an IP) carries, read by the one core IP parser. */
function ipOf(type: string, value: string): string | null {
  let part: string | undefined;
  if (URL_TYPES.has(type)) part = urlHost(value) ?? undefined;
  else if (IP_TYPES.test(type)) part = (type === 'domain|ip' ? value.split('|')[1] : value.split('|')[0])?.split('/')[0];
  if (!part) return null;
  return parseIp(part)?.canonical ?? null;
}

/** The hosting tag of a public address: resolver, CDN or VPS/cloud, most specific evidence first. */
function hostingOf(ip: string, asn: number | null, provider: string | null): string | null {
  const resolver = PUBLIC_RESOLVERS.get(ip);
  if (resolver) return `Public DNS resolver: ${resolver}`;
  if (provider) return CDN_PROVIDERS.has(provider) ? `CDN: ${provider}` : `VPS/Cloud: ${provider}`;
  if (asn === null) return null;
  const cdn = CDN_ASNS.get(asn);
  if (cdn) return `CDN: ${cdn}`;
  const host = HOSTING_ASNS.get(asn);
  return host ? `VPS/Cloud: ${host}` : null;
}

/** Builds an enricher from an IP-info service (or the default offline one) and optional range dirs. */
export async function createEnricher(opts: { rangeDirs?: string[]; ipInfo?: IpInfoService | null } = {}): Promise<Enricher> {
  const info = opts.ipInfo === undefined ? await createIpInfo() : opts.ipInfo;
  const ranges = new CidrSet();
  const report: RangeLoadReport = { files: [] };
  for (const d of opts.rangeDirs ?? []) report.files.push(...loadRangeDir(d, ranges).files);
  const cache = new Map<string, Enrichment>();
  return {
    report,
    enrich(type, value) {
      const ip = ipOf(type, value);
      if (!ip) return null;
      const cached = cache.get(ip);
      if (cached) return cached;
      const special = specialPurposeRange(ip);
      let e: Enrichment;
      if (special) e = { asn: null, asName: null, country: null, hosting: null, range: special };
      else {
        const i = info?.lookup(ip) ?? { asn: null, asName: null, country: null };
        e = { asn: i.asn, asName: i.asName, country: i.country, hosting: hostingOf(ip, i.asn, ranges.find(ip)) };
      }
      if (cache.size > 100_000) cache.clear();
      cache.set(ip, e);
      return e;
    },
  };
}
