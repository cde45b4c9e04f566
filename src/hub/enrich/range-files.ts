/**
 * Loads hosting-provider range files from a directory the operator names: AWS `ip-ranges.json`,
 * GCP `cloud.json`, Oracle OCI JSON, MISP warninglists of type cidr, RFC 8805 geofeeds and plain
 * CIDR lists. Unknown or broken files are reported, never fatal.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CidrSet } from './cidr-set.ts';

const PROVIDERS: [RegExp, string][] = [
  [/amazon|aws/i, 'Amazon AWS'],
  [/google|gcp/i, 'Google Cloud'],
  [/azure|microsoft/i, 'Microsoft Azure'],
  [/oracle|oci/i, 'Oracle Cloud'],
  [/digitalocean/i, 'DigitalOcean'],
  [/linode|akamai/i, 'Linode'],
  [/vultr|choopa/i, 'Vultr'],
  [/cloudflare/i, 'Cloudflare'],
  [/ovh/i, 'OVH'],
  [/hetzner/i, 'Hetzner'],
];

function providerOf(...hints: string[]): string | null {
  for (const h of hints) for (const [re, name] of PROVIDERS) if (re.test(h)) return name;
  return null;
}

export interface RangeLoadReport {
  files: { file: string; provider: string | null; cidrs: number; error?: string }[];
}

/** AWS services whose prefixes are CDN edges, labelled apart from the rest of AWS. */
const AWS_CDN_SERVICES = new Set(['CLOUDFRONT']);

function cidrsOfJson(doc: unknown): { cidrs: string[]; hint: string; labelled?: [string, string][] } | null {
  if (!doc || typeof doc !== 'object') return null;
  const d = doc as Record<string, unknown>;
  const pick = (arr: unknown, ...keys: string[]): string[] =>
    Array.isArray(arr) ? arr.flatMap((p) => keys.map((k) => (p as Record<string, unknown>)?.[k]).filter((v): v is string => typeof v === 'string')) : [];
  if (d.type === 'cidr' && Array.isArray(d.list)) return { cidrs: d.list.filter((v): v is string => typeof v === 'string'), hint: String(d.name ?? '') };
  if (Array.isArray(d.prefixes) && 'syncToken' in d && !('createDate' in d)) return { cidrs: pick(d.prefixes, 'ipv4Prefix', 'ipv6Prefix'), hint: 'google' };
  if (Array.isArray(d.prefixes)) {
    // The same CIDR repeats per service; CloudFront's are taken first so they keep the CDN label.
    const cdn = [...(d.prefixes as unknown[]), ...(Array.isArray(d.ipv6_prefixes) ? (d.ipv6_prefixes as unknown[]) : [])]
      .map((p) => p as Record<string, unknown>)
      .filter((p) => AWS_CDN_SERVICES.has(String(p?.service)))
      .map((p) => [String(p.ip_prefix ?? p.ipv6_prefix), 'Amazon CloudFront'] as [string, string]);
    return { cidrs: [...pick(d.prefixes, 'ip_prefix'), ...pick(d.ipv6_prefixes, 'ipv6_prefix')], hint: 'aws', labelled: cdn };
  }
  if (Array.isArray(d.regions)) return { cidrs: d.regions.flatMap((r) => pick((r as Record<string, unknown>)?.cidrs, 'cidr')), hint: 'oracle' };
  return null;
}

/** Adds every range file under `dir` (recursively) to `set`; returns what was loaded. */
export function loadRangeDir(dir: string, set: CidrSet): RangeLoadReport {
  const report: RangeLoadReport = { files: [] };
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => {
      const p = path.join(d, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  for (const file of walk(dir).sort()) {
    const base = path.basename(file);
    if (/readme|licen[cs]e|sources/i.test(base)) continue;
    try {
      const text = readFileSync(file, 'utf8');
      let cidrs: string[];
      let labelled: [string, string][] = [];
      let provider = providerOf(base);
      if (/^\s*[{[]/.test(text)) {
        const got = cidrsOfJson(JSON.parse(text));
        if (!got) throw new Error('unknown JSON range format');
        cidrs = got.cidrs;
        labelled = got.labelled ?? [];
        provider ??= providerOf(got.hint);
      } else {
        // Geofeed (prefix,country,…) or one CIDR per line; comments start with #.
        cidrs = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').split(',')[0]!.trim()).filter(Boolean);
      }
      if (!provider) throw new Error('cannot tell the provider from the file name or content');
      let n = 0;
      for (const [c, label] of labelled) if (set.add(c, label)) n++;
      for (const c of cidrs) if (set.add(c, provider)) n++;
      report.files.push({ file, provider, cidrs: n });
    } catch (e) {
      report.files.push({ file, provider: null, cidrs: 0, error: (e as Error).message });
    }
  }
  return report;
}
