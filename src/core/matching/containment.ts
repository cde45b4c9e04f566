/**
 * "Searched address or range inside a stored CIDR", planned once for both intel-store adapters: a stored
 * range is found by an exact probe of (prefix length, masked start) for each prefix length the store holds,
 * so the lookup stays index-only however many ranges are stored.
 */
import { commonBits, maskKey } from './ip-bits.ts';
import type { LookupProbes } from './lookup-types.ts';

/** At most this many stored entries per searched range (a /8 could otherwise return millions). */
export const MAX_WITHIN_PER_RANGE = 10_000;

/** One exact probe into the stored ranges, and the searched probes (address keys or `start-end`) it answers. */
export interface ContainmentProbe {
  bits: number;
  start: string;
  probes: string[];
}

/**
 * The exact probes that find every stored range containing a searched address or range, given the
 * prefix lengths present in the store. A searched range only fits in stored ranges at most as long as
 * its own common prefix.
 * @example containmentProbes({ keys: [], ipPoints: [k], ipRanges: [] }, [104, 120]) // one probe per length
 */
export function containmentProbes(probes: Pick<LookupProbes, 'ipPoints' | 'ipRanges'>, storedBits: readonly number[]): ContainmentProbe[] {
  const containers = [
    ...probes.ipPoints.map((k) => ({ probe: k, key: k, bits: 128 })),
    ...probes.ipRanges.map((r) => ({ probe: `${r.start}-${r.end}`, key: r.start, bits: commonBits(r.start, r.end) })),
  ];
  const out = new Map<string, ContainmentProbe>();
  if (!containers.length) return [];
  for (const bits of storedBits) {
    for (const c of containers) {
      if (c.bits < bits) continue;
      const start = maskKey(c.key, bits);
      const k = `${bits}:${start}`;
      const found = out.get(k);
      if (found) found.probes.push(c.probe);
      else out.set(k, { bits, start, probes: [c.probe] });
    }
  }
  return [...out.values()];
}
