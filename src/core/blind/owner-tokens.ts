/**
 * Owner side: the OPRF inputs one stored attribute contributes to its node's token sets. They derive from
 * the same index entries the plain search uses (`core/matching/index-entries.ts`), so blind and plain
 * search agree on what matches.
 *
 * CIDR mapping: a stored range /N (routable, not broader than the plain search allows) becomes the
 * 2^(p−N) prefixes of length p, where p is the first profile level ≥ N; with the default levels that is at
 * most 128 tokens (8 for ranges narrower than /24). A searcher then needs one token per level for an address. Every stored address and range
 * also gets a `cidr-within` marker at each within-level not longer than itself.
 */
import { registrableDomain } from '../indicators/domain.ts';
import { isNonRoutable, parseIp } from '../indicators/ip.ts';
import { indexEntries } from '../matching/index-entries.ts';
import type { MatchKind } from '../matching/lookup-types.ts';
import { addressText, coverText, subPrefixTexts, type IpBlock, type IpVersion } from './ip-prefix.ts';
import { DEFAULT_PROFILE, levelsOf, type BlindProfile } from './profile.ts';
import { tokenInput } from './token-input.ts';

/** One OPRF input of an attribute, with the match kind a hit on it means. */
export interface OwnerToken {
  input: string;
  match: MatchKind;
  /** For `cidr` and `cidr-within` tokens: the level used (token sets publish the levels they hold). */
  level?: { kind: 'cidr' | 'cidr-within'; version: IpVersion; len: number };
}

const SUBDOMAIN_TYPES = new Set(['domain', 'hostname', 'domain|ip', 'hostname|port']);
const VIA_MATCH: Record<number, MatchKind> = { 0: 'exact', 1: 'composite', 2: 'url-host' };
const MAPPED = '00000000000000000000ffff';

/** Reads an index key (32 hex digits, IPv4 mapped into ::ffff:0:0/96) and a length in key space. */
function blockOfKey(key: string, keyBits: number): IpBlock {
  if (key.startsWith(MAPPED) && keyBits >= 96) return { version: 4, bits: BigInt('0x' + key.slice(24)), len: keyBits - 96 };
  return { version: 6, bits: BigInt('0x' + key), len: keyBits };
}

/** True for a key that can be a parent domain of a searched host (never a public suffix, an IP or a composite). */
function isHostKey(key: string): boolean {
  return !key.includes('|') && key.includes('.') && parseIp(key) === null && registrableDomain(key) !== null;
}

/** The OPRF inputs of one stored attribute (MISP type and canonical value), strongest match first. */
export function ownerTokens(type: string, value: string, profile: BlindProfile = DEFAULT_PROFILE): OwnerToken[] {
  const entries = indexEntries(type, value);
  const out: OwnerToken[] = [];
  const seen = new Set<string>();
  const push = (t: OwnerToken) => {
    if (!seen.has(t.input)) {
      seen.add(t.input);
      out.push(t);
    }
  };
  for (const k of entries.keys) push({ input: tokenInput('exact', k.key), match: VIA_MATCH[k.via]! });
  if (SUBDOMAIN_TYPES.has(type)) {
    for (const k of entries.keys) if (k.via !== 2 && isHostKey(k.key)) push({ input: tokenInput('subdomain', k.key), match: 'subdomain' });
  }
  const blocks: IpBlock[] = [];
  for (const p of entries.points) {
    const b = blockOfKey(p, 128);
    if (!isNonRoutable(addressText(b.version, b.bits))) blocks.push(b);
  }
  for (const r of entries.ranges) {
    const b = blockOfKey(r.start, r.bits);
    blocks.push(b);
    const level = levelsOf(profile.cidrLevels, b.version).find((l) => l >= b.len);
    if (level === undefined || 2 ** (level - b.len) > profile.maxRangeTokens) continue;
    for (const t of subPrefixTexts(b, level)) push({ input: tokenInput('cidr', t), match: 'cidr', level: { kind: 'cidr', version: b.version, len: level } });
  }
  for (const b of blocks) {
    for (const w of levelsOf(profile.withinLevels, b.version)) {
      const level = { kind: 'cidr-within', version: b.version, len: w } as const;
      if (w <= b.len) {
        push({ input: tokenInput('cidr-within', coverText(b, w)), match: 'cidr', level });
        continue;
      }
      // A range broader than this level is marked on each of its sub-prefixes there, so that a searched
      // range with no level between its own length and this range's still finds it.
      if (2 ** (w - b.len) <= profile.maxRangeTokens) {
        for (const t of subPrefixTexts(b, w)) push({ input: tokenInput('cidr-within', t), match: 'cidr', level });
      }
      break;
    }
  }
  return out;
}
