import { normalize } from '../../core/indicators/normalize.ts';

/**
 * The stored forms a searched value may take: as given, lowercased (MISP compares case-insensitively)
 * and the canonical form the importers store (compressed IPv6, refanged, canonical URL).
 */
export function valueCandidates(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of values) for (const c of candidatesOf(raw).values) out.add(c);
  return [...out];
}

/** The candidates of one value, with the type the normaliser reads it as ('other' when it cannot). */
export function candidatesOf(raw: string): { type: string; values: string[] } {
  const v = raw.trim();
  if (v === '') return { type: 'other', values: [] };
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
