/**
 * A 53-bit hash of an index key, so the SQLite value index stores 8-byte integers instead of the key text:
 * bulk loads rewrite every b-tree page they touch, and integer keys make the index ~3× smaller. Not
 * collision-free: readers check each hit against the attribute's own keys (`indexEntries`).
 * (Hand-written because core is pure and a crypto digest per key costs more than the insert it indexes.)
 */
export function keyHash(key: string): number {
  // cyrb53-style: two 32-bit multiply-xorshift lanes over UTF-16 code units, folded into 53 bits.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** True when `key` is one of the attribute's index keys reached `via` (the check behind a hashed hit). */
export function hasIndexKey(entries: { keys: ReadonlyArray<{ key: string; via: number }> }, key: string, via: number): boolean {
  return entries.keys.some((k) => k.key === key && k.via === via);
}
