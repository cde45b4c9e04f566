/**
 * Enrichment of IP values: ASN, AS name and country from the offline IP database, and a hosting tag
 * ("VPS/Cloud: <provider>") from provider range files, else from the project's hosting-ASN list.
 */
import type { Enrichment } from '../../contracts/hub-api.ts';
import { createIpInfo, type IpInfoService } from '../../geo/ip-info.ts';
import { CidrSet } from './cidr-set.ts';
import { HOSTING_ASNS } from './hosting-asns.ts';
import { loadRangeDir, type RangeLoadReport } from './range-files.ts';

export interface Enricher {
  /** Enrichment for an IP-typed value (`ip-dst`, `ip-src|port`, a CIDR's base address…), else null. */
  enrich(type: string, value: string): Enrichment | null;
  report: RangeLoadReport;
}

const IP_TYPES = /^(ip-src|ip-dst|ip|ip-dst\|port|ip-src\|port|domain\|ip)$/;

function ipOf(type: string, value: string): string | null {
  if (!IP_TYPES.test(type)) return null;
  const part = type === 'domain|ip' ? value.split('|')[1] : value.split('|')[0];
  if (!part) return null;
  return part.split('/')[0] ?? null;
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
      const i = info?.lookup(ip) ?? { asn: null, asName: null, country: null };
      const provider = ranges.find(ip) ?? (i.asn !== null ? (HOSTING_ASNS.get(i.asn) ?? null) : null);
      const e: Enrichment = { asn: i.asn, asName: i.asName, country: i.country, hosting: provider ? `VPS/Cloud: ${provider}` : null };
      if (cache.size > 100_000) cache.clear();
      cache.set(ip, e);
      return e;
    },
  };
}
