/**
 * Returns a copy of `s` that does not share memory with a larger string. Slices of a 1 MB read chunk keep
 * the whole chunk alive, so anything kept beyond one line (cache keys, aggregate keys) is detached first.
 */
export function detach<T extends string | null>(s: T): T {
  // V8 copies slices shorter than 13 characters (SlicedString::kMinLength): they never share memory.
  return (s === null || s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string)) as T;
}
