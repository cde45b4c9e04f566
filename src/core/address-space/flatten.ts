/**
 * Flattens nested prefixes into disjoint, sorted segments, each carrying the entry of the most specific
 * prefix that covers it (or none). A lookup then needs only the last segment that starts at or before
 * the address: a binary search over a typed array instead of a walk down a trie.
 */

/** One prefix of one family as a closed range of addresses, with the entry it maps to. */
export interface Span {
  start: bigint;
  end: bigint;
  length: number;
  /** Position of the entry in the build list (ties between identical prefixes go to the lowest). */
  entry: number;
}

/** Disjoint segments: segment i covers [starts[i], starts[i+1]) and maps to entries[i] (−1 for none). */
export interface Segments {
  starts: bigint[];
  entries: number[];
}

/** Orders spans so every prefix comes after the prefixes that contain it. */
export function compareSpans(a: Span, b: Span): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.length - b.length || a.entry - b.entry;
}

/** Flattens spans (any order) over an address space of `size` addresses. */
export function flatten(spans: readonly Span[], size: bigint): Segments {
  const sorted = [...spans].sort(compareSpans);
  const starts: bigint[] = [0n];
  const entries: number[] = [-1];
  // Sets the entry from `at` on, merging with the previous segment when it carries the same entry.
  const emit = (at: bigint, entry: number): void => {
    const last = starts.length - 1;
    if (starts[last] === at) {
      entries[last] = entry;
      if (last > 0 && entries[last - 1] === entry) {
        starts.pop();
        entries.pop();
      }
    } else if (entries[last] !== entry) {
      starts.push(at);
      entries.push(entry);
    }
  };
  const stack: Span[] = [];
  const close = (until: bigint): void => {
    while (stack.length > 0 && stack[stack.length - 1]!.end < until) {
      const top = stack.pop()!;
      if (top.end + 1n < size) emit(top.end + 1n, stack.length > 0 ? stack[stack.length - 1]!.entry : -1);
    }
  };
  let prev: Span | undefined;
  for (const s of sorted) {
    // An identical prefix listed later never wins.
    if (prev && prev.start === s.start && prev.length === s.length) continue;
    prev = s;
    close(s.start);
    emit(s.start, s.entry);
    stack.push(s);
  }
  close(size);
  return { starts, entries };
}
