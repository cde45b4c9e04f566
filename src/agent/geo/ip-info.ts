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
import { Reader } from 'maxmind';
import { RenkeiError } from '../../core/errors.ts';
import { parseIp } from '../net/ip.ts';
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
  let reader: Reader<{ country_code?: string }>;
  try {
    table = loadAsnTable(readFileSync(paths.asnIpv4NumCsv, 'latin1'), readFileSync(paths.asnIpv6NumCsv, 'latin1'));
    reader = new Reader<{ country_code?: string }>(readFileSync(paths.countryMmdb), { cache: { max: 50_000 } });
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot load IP data: ${(e as Error).message}`, { paths }, { cause: e });
  }
  return {
    lookup(ip: string): IpInfo {
      const parsed = parseIp(ip);
      if (!parsed) return EMPTY;
      const idx = parsed.v === 4 ? table.findV4(parsed.n) : table.findV6(parsed.b);
      let country: string | null = null;
      try {
        // maxmind wants the canonical text; IPv4-mapped forms were folded to IPv4 above.
        country = reader.get(parsed.v === 4 ? ip.includes(':') ? ipv4Text(parsed.n) : ip : ip)?.country_code ?? null;
      } catch {
        country = null;
      }
      if (idx < 0) return country === null ? EMPTY : { asn: null, asName: null, country };
      return { asn: table.asn[idx]!, asName: table.nameOf(idx), country };
    },
  };
}

function ipv4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
