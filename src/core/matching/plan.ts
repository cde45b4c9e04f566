/**
 * Planning a batch lookup: from normalised search values and the enabled match kinds, build the index
 * probes (port type `LookupProbes`) and remember which probe came from which value and why, so the
 * store's rows can be classified back into per-value hits (`classify.ts`).
 */
import { parentDomains, urlHost } from '../indicators/domain.ts';
import { isNonRoutable, parseIp } from '../indicators/ip.ts';
import type { LookupProbes, MatchKind } from './lookup-types.ts';
import { ipEntry, splitComposite } from './index-entries.ts';

/** One normalised search value (MISP attribute type and canonical value). */
export interface SearchValue {
  type: string;
  value: string;
}

/**
 * Why a key probe was made for a value: the value itself, a parent domain of it, the host (or a parent
 * of the host) of a searched URL, or one half of a searched composite (`ip|port`, `domain|ip`…).
 */
export type KeyReason = 'self' | 'parent' | 'url-host' | 'half';

export interface LookupPlan {
  probes: LookupProbes;
  /** probe key → (value index, reason) */
  keys: Map<string, Array<{ index: number; reason: KeyReason }>>;
  /** ip key → value indexes */
  points: Map<string, number[]>;
  /** `start-end` → value indexes */
  ranges: Map<string, number[]>;
  kinds: ReadonlySet<MatchKind>;
}

const HOST_TYPES = new Set(['domain', 'hostname']);
const IP_TYPES = new Set(['ip-dst', 'ip-src']);
const URL_TYPES = new Set(['url', 'uri', 'link']);
/**
 * Halves of a searched composite that identify something on their own: the address or host of
 * `ip|port` / `hostname|port` (a bare port would hit every attribute holding "80"), both halves of
 * `domain|ip`, the hash of `filename|hash` and `malware-sample`.
 */
function searchHalves(type: string, value: string): string[] {
  const h = splitComposite(type, value);
  if (!h) return [];
  if (type === 'domain|ip') return h;
  if (type.endsWith('|port')) return [h[0]];
  if (type.startsWith('filename|') || type === 'malware-sample') return [h[1]];
  return [];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export interface PlanOptions {
  /**
   * Also look up the identifying halves of searched composites (default true). MISP's restSearch
   * matches a searched `a|b` only as a whole, so the MISP API turns this off.
   */
  searchHalves?: boolean;
}

/** Builds the probes for a batch. Non-routable addresses and ranges never get CIDR probes. */
export function planLookup(values: readonly SearchValue[], kinds: Iterable<MatchKind>, opts: PlanOptions = {}): LookupPlan {
  const kindSet = new Set(kinds);
  const plan: LookupPlan = { probes: { keys: [], ipPoints: [], ipRanges: [] }, keys: new Map(), points: new Map(), ranges: new Map(), kinds: kindSet };
  /** CIDR probes for an address (or block) the search carries, never for non-routable ones. */
  const cidrProbe = (ip: string, index: number): void => {
    if (!kindSet.has('cidr')) return;
    const entry = ipEntry(ip);
    if (!entry || isNonRoutable(ip)) return;
    if ('point' in entry) push(plan.points, entry.point, index);
    else if (!entry.tooBroad) push(plan.ranges, `${entry.start}-${entry.end}`, index);
  };
  values.forEach((sv, index) => {
    push(plan.keys, sv.value, { index, reason: 'self' });
    if (kindSet.has('subdomain') && HOST_TYPES.has(sv.type)) {
      for (const parent of parentDomains(sv.value)) if (parent !== sv.value) push(plan.keys, parent, { index, reason: 'parent' });
    }
    if (IP_TYPES.has(sv.type)) cidrProbe(sv.value, index);
    if (URL_TYPES.has(sv.type)) {
      const host = urlHost(sv.value);
      if (!host) return;
      if (kindSet.has('url-host')) {
        push(plan.keys, host, { index, reason: 'url-host' });
        for (const parent of parentDomains(host)) push(plan.keys, parent, { index, reason: 'url-host' });
      }
      if (parseIp(host)) cidrProbe(host, index);
      return;
    }
    if (kindSet.has('composite') && opts.searchHalves !== false) {
      for (const half of searchHalves(sv.type, sv.value)) {
        if (half === '' || half === sv.value) continue;
        push(plan.keys, half, { index, reason: 'half' });
        if (parseIp(half)) cidrProbe(half, index);
      }
    }
  });
  plan.probes.keys = [...plan.keys.keys()];
  plan.probes.ipPoints = [...plan.points.keys()];
  plan.probes.ipRanges = [...plan.ranges.keys()].map((r) => {
    const [start, end] = r.split('-') as [string, string];
    return { start, end };
  });
  return plan;
}
