/**
 * Offline IP → ASN / AS name / country lookup.
 *
 * NOTICE (CC BY 4.0 attribution): ASN data from `@ip-location-db/asn` (sapics/ip-location-db), built from
 * RouteViews (https://www.routeviews.org/), the five RIRs via the NRO (https://www.nro.net/) and DB-IP
 * IP-to-ASN Lite (https://db-ip.com/), licensed CC BY 4.0. Country data from
 * `@ip-location-db/geo-whois-asn-country-mmdb` (RIR/whois/geofeed data, NRO licence CC BY 4.0).
 * The npm data is pinned to one version; upstream warns that npm updates are deprecated, so the loader
 * also accepts other file paths in the same formats.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Reader, type DomainResponse } from 'maxmind';
import { RenkeiError } from '../core/errors.ts';
import { parseIp } from '../core/net/ip-fast.ts';
import { detach } from '../core/net/detach.ts';
import { loadAsnTable, type AsnTable } from './asn-table.ts';

/** What is known about one address. Unknown parts are null. */
export interface IpInfo {
  asn: number | null;
  asName: string | null;
  country: string | null;
}

/** A loaded lookup table; `lookup` is synchronous and never throws (non-addresses give all nulls). */
export interface IpInfoService {
  lookup(ip: string): IpInfo;
}

/** Where the data files are; defaults to the installed npm packages. */
export interface IpInfoOptions {
  asnIpv4NumCsv?: string;
  asnIpv6NumCsv?: string;
  countryMmdb?: string;
}

const EMPTY: IpInfo = Object.freeze({ asn: null, asName: null, country: null }) as IpInfo;

function defaultPaths(): Required<IpInfoOptions> {
  const require = createRequire(import.meta.url);
  const asnDir = path.dirname(require.resolve('@ip-location-db/asn/package.json'));
  const ccDir = path.dirname(require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json'));
  return {
    asnIpv4NumCsv: path.join(asnDir, 'asn-ipv4-num.csv'),
    asnIpv6NumCsv: path.join(asnDir, 'asn-ipv6-num.csv'),
    countryMmdb: path.join(ccDir, 'geo-whois-asn-country.mmdb'),
  };
}

const loaded = new Map<string, Promise<IpInfoService>>();

/**
 * Loads the ASN and country tables (≈1 s, ≈60 MB) once per process per set of paths and returns a lookup.
 * Throws RenkeiError('config_invalid') if a data file is missing or malformed.
 */
export function createIpInfo(options: IpInfoOptions = {}): Promise<IpInfoService> {
  const paths = { ...defaultPaths(), ...options };
  const cacheKey = JSON.stringify(paths);
  let p = loaded.get(cacheKey);
  if (!p) {
    p = Promise.resolve().then(() => build(paths));
    p.catch(() => loaded.delete(cacheKey));
    loaded.set(cacheKey, p);
  }
  return p;
}

function build(paths: Required<IpInfoOptions>): IpInfoService {
  let table: AsnTable;
  let reader: Reader<DomainResponse>;
  try {
    table = loadAsnTable(readFileSync(paths.asnIpv4NumCsv), readFileSync(paths.asnIpv6NumCsv));
    reader = new Reader<DomainResponse>(readFileSync(paths.countryMmdb), { cache: boundedCache(50_000) });
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot load IP data: ${(e as Error).message}`, { paths }, { cause: e });
  }
  // Logs repeat addresses heavily; a cache cleared when full keeps memory bounded without LRU bookkeeping.
  const memo = new Map<string, IpInfo>();
  const uncached = (ip: string): IpInfo => {
    const parsed = parseIp(ip);
    if (!parsed) return EMPTY;
    const idx = parsed.v === 4 ? table.findV4(parsed.n) : table.findV6(parsed.b);
    let country: string | null = null;
    try {
      // IPv4-mapped IPv6 forms were folded to IPv4 by parseIp; give maxmind the dotted form.
      const text = parsed.v === 4 && ip.includes(':') ? ipv4Text(parsed.n) : ip;
      // The ip-location-db mmdb stores a flat { country_code } record, not MaxMind's nested shape.
      const rec = reader.get(text) as { country_code?: unknown } | null;
      country = typeof rec?.country_code === 'string' ? rec.country_code : null;
    } catch {
      country = null;
    }
    if (idx < 0) return country === null ? EMPTY : Object.freeze({ asn: null, asName: null, country });
    return Object.freeze({ asn: table.asn[idx]!, asName: table.nameOf(idx), country });
  };
  return {
    lookup(ip: string): IpInfo {
      let r = memo.get(ip);
      if (r === undefined) {
        r = uncached(ip);
        if (memo.size >= 200_000) memo.clear();
        memo.set(detach(ip), r);
      }
      return r;
    },
  };
}

/** mmdb-lib caches decoded records by data offset; a Map cleared when full is enough (few distinct countries). */
function boundedCache(max: number): { get(k: string | number): unknown; set(k: string | number, v: unknown): void } {
  const m = new Map<string | number, unknown>();
  return {
    get: (k) => m.get(k),
    set: (k, v) => {
      if (m.size >= max) m.clear();
      m.set(k, v);
    },
  };
}

function ipv4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
