import { isLikePattern } from '../../core/matching/like-pattern.ts';
import { normalize } from '../../core/indicators/normalize.ts';
import { ipv4ToString, parseIpv4Number } from '../../core/indicators/ip.ts';

/**
 * The stored forms a searched value may take: as given, lowercased (MISP compares case-insensitively)
 * and the canonical form the importers store (compressed IPv6, refanged, canonical URL).
 */
export function valueCandidates(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    // A MISP pattern (leading/trailing %) goes to the store as given: it is a LIKE, never normalised.
    if (isLikePattern(raw)) out.add(raw);
    else for (const c of candidatesOf(raw).values) out.add(c);
  }
  return [...out];
}

const PLAIN_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
const PLAIN_HOST = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Values whose canonical form is simply their lowercase (plain dotted IPv4 without leading zeros, hex
 * hashes, ASCII host names): the full normaliser is skipped for them, as it dominates large batches.
 */
function plainType(v: string): string | null {
  // The one core IPv4 parser: plain when its canonical text is the input (no leading zeros).
  const n = parseIpv4Number(v);
  if (n !== null && ipv4ToString(n) === v) return 'ip-dst';
  if (PLAIN_HASH.test(v)) return v.length === 32 ? 'md5' : v.length === 40 ? 'sha1' : v.length === 64 ? 'sha256' : 'sha512';
  if (PLAIN_HOST.test(v)) return 'hostname';
  return null;
}

/** The candidates of one value, with the type the normaliser reads it as ('other' when it cannot). */
export function candidatesOf(raw: string): { type: string; values: string[] } {
  const v = raw.trim();
  if (v === '') return { type: 'other', values: [] };
  const plain = plainType(v);
  if (plain) return { type: plain, values: v === v.toLowerCase() ? [v] : [v, v.toLowerCase()] };
  const set = new Set([v, v.toLowerCase()]);
  let type = 'other';
  if (v.length <= 4096) {
    const n = normalize(v);
    if (n.ok) {
      set.add(n.value);
      type = n.type;
    }
  }
  return { type, values: [...set] };
}
