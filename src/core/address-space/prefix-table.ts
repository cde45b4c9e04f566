/**
 * Longest-prefix match over typed arrays, IPv4 and IPv6: the most specific prefix covering an address
 * decides which registration it belongs to. Built once from a list of (prefix, id); lookups take numeric
 * addresses and allocate nothing.
 */
import { RenkeiError } from '../errors.ts';
import { flatten, type Segments, type Span } from './flatten.ts';
import { isMappedWords, normalizePrefix, parseAddress, parsePrefix, prefixEnd, prefixStart, type Address, type Prefix } from './prefix.ts';

/** One registration: a prefix (text or numeric) and the id it maps to. */
export interface PrefixEntry<Id> {
  prefix: string | Prefix;
  id: Id;
}

/** An entry that could not be used, with its position in the input and why. */
export interface RejectedEntry {
  index: number;
  input: string;
  reason: string;
}

// Top 16 bits of an address pick a bucket; the search runs only over the segments of that bucket.
const BUCKET_SHIFT = 16;
const BUCKETS = 1 << 16;

/**
 * For each bucket b, the segment holding the first address of b (entry BUCKETS holds the last segment).
 * `startsBy(seg, first)`: does segment `seg` start at or before the address whose top word is `first`
 * and whose other bits are zero?
 */
function bucketIndex(count: number, startsBy: (seg: number, first: number) => boolean): Uint32Array {
  const index = new Uint32Array(BUCKETS + 1);
  let seg = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const first = b * 2 ** BUCKET_SHIFT;
    while (seg + 1 < count && startsBy(seg + 1, first)) seg++;
    index[b] = seg;
  }
  index[BUCKETS] = count - 1;
  return index;
}

/** The prefix table. Create it with `buildPrefixTable`. */
export class PrefixTable<Id> {
  readonly #ids: readonly Id[];
  readonly #v4Starts: Uint32Array;
  readonly #v4Entries: Int32Array;
  readonly #v4Index: Uint32Array;
  /** IPv6 segment starts, four words per segment. */
  readonly #v6Starts: Uint32Array;
  readonly #v6Entries: Int32Array;
  readonly #v6Index: Uint32Array;
  /** Prefixes in the table per family (after rejections, before de-duplication). */
  readonly prefixes: { v4: number; v6: number };

  /** @internal Use `buildPrefixTable`. */
  constructor(ids: readonly Id[], v4: Segments, v6: Segments, prefixes: { v4: number; v6: number }) {
    this.#ids = ids;
    this.prefixes = prefixes;
    this.#v4Starts = Uint32Array.from(v4.starts, (s) => Number(s));
    this.#v4Entries = Int32Array.from(v4.entries);
    const s4 = this.#v4Starts;
    this.#v4Index = bucketIndex(v4.starts.length, (seg, first) => s4[seg]! <= first);
    this.#v6Starts = new Uint32Array(v6.starts.length * 4);
    v6.starts.forEach((s, i) => {
      for (let w = 0; w < 4; w++) this.#v6Starts[i * 4 + w] = Number((s >> BigInt(96 - 32 * w)) & 0xffffffffn);
    });
    this.#v6Entries = Int32Array.from(v6.entries);
    const s6 = this.#v6Starts;
    this.#v6Index = bucketIndex(v6.starts.length, (seg, first) => {
      const w0 = s6[seg * 4]!;
      return w0 < first || (w0 === first && s6[seg * 4 + 1] === 0 && s6[seg * 4 + 2] === 0 && s6[seg * 4 + 3] === 0);
    });
  }

  /** Segments per family after flattening (a measure of the table's size). */
  get segments(): { v4: number; v6: number } {
    return { v4: this.#v4Entries.length, v6: this.#v6Entries.length };
  }

  /** Position in the build list of the entry owning an IPv4 address (unsigned 32-bit), or −1. */
  matchV4(address: number): number {
    const starts = this.#v4Starts;
    const a = address >>> 0;
    const b = a >>> BUCKET_SHIFT;
    let lo = this.#v4Index[b]!;
    let hi = this.#v4Index[b + 1]!;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= a) lo = mid;
      else hi = mid - 1;
    }
    return this.#v4Entries[lo]!;
  }

  /**
   * Position of the entry owning an IPv6 address given as four unsigned 32-bit words (most significant
   * first), or −1. Addresses in ::ffff:0:0/96 are IPv4 addresses and are looked up as such.
   */
  matchV6(w0: number, w1: number, w2: number, w3: number): number {
    if (isMappedWords(w0, w1, w2)) return this.matchV4(w3);
    const s = this.#v6Starts;
    let lo = this.#v6Index[w0 >>> BUCKET_SHIFT]!;
    let hi = this.#v6Index[(w0 >>> BUCKET_SHIFT) + 1]!;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const o = mid * 4;
      // Is the segment start ≤ the address? Compare word by word.
      const s0 = s[o]!;
      let le: boolean;
      if (s0 !== w0) le = s0 < w0;
      else {
        const s1 = s[o + 1]!;
        if (s1 !== w1) le = s1 < w1;
        else {
          const s2 = s[o + 2]!;
          le = s2 !== w2 ? s2 < w2 : s[o + 3]! <= w3;
        }
      }
      if (le) lo = mid;
      else hi = mid - 1;
    }
    return this.#v6Entries[lo]!;
  }

  /** Id of the registration owning an IPv4 address (unsigned 32-bit), or undefined. */
  lookupV4(address: number): Id | undefined {
    const e = this.matchV4(address);
    return e < 0 ? undefined : this.#ids[e];
  }

  /** Id of the registration owning an IPv6 address (four unsigned 32-bit words), or undefined. */
  lookupV6(w0: number, w1: number, w2: number, w3: number): Id | undefined {
    const e = this.matchV6(w0, w1, w2, w3);
    return e < 0 ? undefined : this.#ids[e];
  }

  /** Id of the registration owning a numeric address, or undefined. */
  lookup(address: Address): Id | undefined {
    return address.version === 4 ? this.lookupV4(address.value) : this.lookupV6(...address.words);
  }

  /** Id of the registration owning an address given as text; throws `validation_failed` when it is not one. */
  lookupText(text: string): Id | undefined {
    const a = parseAddress(text);
    if (!a) throw new RenkeiError('validation_failed', `not an IP address: ${text}`, { value: text });
    return this.lookup(a);
  }
}

/** Parses and checks an entry's prefix: numeric form folded to IPv4 where mapped, or an error reason. */
export function entryPrefix(prefix: string | Prefix): Prefix | { error: string } {
  if (typeof prefix === 'string') return parsePrefix(prefix);
  if (typeof prefix !== 'object' || prefix === null || (prefix.version !== 4 && prefix.version !== 6)) return { error: 'not a prefix' };
  return normalizePrefix(prefix);
}

/**
 * Builds the table. Overlaps: the most specific prefix wins; of identical prefixes the one listed first
 * wins (list approved registrations in a stable order; `findClaimConflicts` flags such cases). Entries
 * that do not parse are returned in `rejected` with their position and the rest are used.
 */
export function buildPrefixTable<Id>(entries: readonly PrefixEntry<Id>[]): { table: PrefixTable<Id>; rejected: RejectedEntry[] } {
  const v4: Span[] = [];
  const v6: Span[] = [];
  const rejected: RejectedEntry[] = [];
  entries.forEach((e, index) => {
    const p = entryPrefix(e.prefix);
    if ('error' in p) {
      rejected.push({ index, input: typeof e.prefix === 'string' ? e.prefix : JSON.stringify(e.prefix), reason: p.error });
      return;
    }
    (p.version === 4 ? v4 : v6).push({ start: prefixStart(p), end: prefixEnd(p), length: p.length, entry: index });
  });
  const ids = entries.map((e) => e.id);
  const table = new PrefixTable(ids, flatten(v4, 1n << 32n), flatten(v6, 1n << 128n), { v4: v4.length, v6: v6.length });
  return { table, rejected };
}
