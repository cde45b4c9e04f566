import type { NewObjectVersion } from './port.ts';

/** Key of one stored object version within a collection. */
export function versionRowKey(stixId: string, versionKey: string): string {
  return `${stixId}\u0000${versionKey}`;
}

/**
 * Drops versions already stored (`existing` holds `versionRowKey`s and is updated) or repeated in the post,
 * so identical re-posts add nothing; counts the new versions per object id.
 */
export function freshVersions(versions: readonly NewObjectVersion[], existing: Set<string>): { fresh: NewObjectVersion[]; perId: Map<string, number> } {
  const perId = new Map<string, number>();
  const fresh: NewObjectVersion[] = [];
  for (const v of versions) {
    const key = versionRowKey(v.stixId, v.versionKey);
    if (existing.has(key)) continue;
    existing.add(key);
    fresh.push(v);
    perId.set(v.stixId, (perId.get(v.stixId) ?? 0) + 1);
  }
  return { fresh, perId };
}
