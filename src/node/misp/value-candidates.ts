import { normalize } from '../../core/indicators/normalize.ts';

/**
 * The stored forms a searched value may take: as given, lowercased (MISP compares case-insensitively)
 * and the canonical form the importers store (compressed IPv6, refanged, canonical URL).
 */
export function valueCandidates(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    out.add(v);
    out.add(v.toLowerCase());
    if (v.length <= 4096) {
      const n = normalize(v);
      if (n.ok) out.add(n.value);
    }
  }
  return [...out];
}
