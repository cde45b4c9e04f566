/**
 * Planning a batch lookup: from normalised search values and the enabled match kinds, build the index
 * probes (port type `LookupProbes`) and remember which probe came from which value and why, so the
 * store's rows can be classified back into per-value hits (`classify.ts`).
 */
import { parentDomains } from '../indicators/domain.ts';
import { isNonRoutable } from '../indicators/ip.ts';
import type { LookupProbes, MatchKind } from './lookup-types.ts';
import { ipEntry } from './index-entries.ts';

/** One normalised search value (MISP attribute type and canonical value). */
export interface SearchValue {
  type: string;
  value: string;
}

/** Why a key probe was made for a value: the value itself, or a parent domain of it. */
export type KeyReason = 'self' | 'parent';

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

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Builds the probes for a batch. Non-routable addresses and ranges never get CIDR probes. */
export function planLookup(values: readonly SearchValue[], kinds: Iterable<MatchKind>): LookupPlan {
  const kindSet = new Set(kinds);
  const plan: LookupPlan = { probes: { keys: [], ipPoints: [], ipRanges: [] }, keys: new Map(), points: new Map(), ranges: new Map(), kinds: kindSet };
  values.forEach((sv, index) => {
    push(plan.keys, sv.value, { index, reason: 'self' });
    if (kindSet.has('subdomain') && HOST_TYPES.has(sv.type)) {
      for (const parent of parentDomains(sv.value)) if (parent !== sv.value) push(plan.keys, parent, { index, reason: 'parent' });
    }
    if (kindSet.has('cidr') && IP_TYPES.has(sv.type)) {
      const entry = ipEntry(sv.value);
      if (!entry || isNonRoutable(sv.value)) return;
      if ('point' in entry) push(plan.points, entry.point, index);
      else if (!entry.tooBroad) push(plan.ranges, `${entry.start}-${entry.end}`, index);
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
