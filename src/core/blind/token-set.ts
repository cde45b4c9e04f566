/**
 * Token sets: a node's blind-searchable values for one audience, as the sorted 64-bit truncations
 * ("tags") of their OPRF outputs, padded with random tags to a size bucket so the exact count stays
 * hidden. With n tags a lookup falsely matches with probability n / 2^64 (≈ 2^-42 at 3 million), far below
 * the 2^-32 bound that matters: a false hit would make the searcher send the owner a non-hit's token.
 */
import { randomBytes } from '@noble/hashes/utils.js';

/** The tag of an OPRF output: its first 8 bytes, big-endian. */
export function tagOf(output: Uint8Array): bigint {
  let t = 0n;
  for (let i = 0; i < 8; i++) t = (t << 8n) | BigInt(output[i]!);
  return t;
}

/** 16 hex digits of a tag. */
export function tagHex(tag: bigint): string {
  return tag.toString(16).padStart(16, '0');
}

/** Smallest bucket ≥ n: `min`·2^(k/4), i.e. sizes about 19% apart, so a set reveals its size only to that. */
export function bucketSize(n: number, min = 1024): number {
  let k = 0;
  while (Math.ceil(min * 2 ** (k / 4)) < n) k++;
  return Math.ceil(min * 2 ** (k / 4));
}

function lowerBound(a: BigUint64Array, x: bigint): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted tags added and removed between two versions of a set (real and padding changes look alike). */
export interface TokenSetDelta {
  fromVersion: number;
  toVersion: number;
  added: BigUint64Array;
  removed: BigUint64Array;
}

/** An immutable, sorted set of distinct tags with membership tests (the searcher's copy). */
export class TokenSet {
  readonly tags: BigUint64Array;
  readonly version: number;

  /** `tags` must be sorted ascending and distinct (`fromBytes` checks; the builder guarantees it). */
  constructor(tags: BigUint64Array, version = 0) {
    this.tags = tags;
    this.version = version;
  }

  get size(): number {
    return this.tags.length;
  }

  has(tag: bigint): boolean {
    const i = lowerBound(this.tags, tag);
    return i < this.tags.length && this.tags[i] === tag;
  }

  /** Wire body: 8 bytes per tag, big-endian, ascending. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.tags.length * 8);
    const view = new DataView(out.buffer);
    for (let i = 0; i < this.tags.length; i++) view.setBigUint64(i * 8, this.tags[i]!);
    return out;
  }

  /** Reads a wire body; throws unless it is a whole number of ascending, distinct tags. */
  static fromBytes(bytes: Uint8Array, version = 0): TokenSet {
    if (bytes.length % 8 !== 0) throw new RangeError('token set body is not a multiple of 8 bytes');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tags = new BigUint64Array(bytes.length / 8);
    for (let i = 0; i < tags.length; i++) {
      tags[i] = view.getBigUint64(i * 8);
      if (i > 0 && tags[i]! <= tags[i - 1]!) throw new RangeError('token set tags are not ascending and distinct');
    }
    return new TokenSet(tags, version);
  }

  /** The next version of this set; throws when the delta does not start at this version. */
  applyDelta(delta: TokenSetDelta): TokenSet {
    if (delta.fromVersion !== this.version) throw new RangeError(`delta from version ${delta.fromVersion} does not apply to version ${this.version}`);
    return new TokenSet(mergeSorted(this.tags, delta.added, delta.removed), delta.toVersion);
  }
}

/** (a ∪ add) ∖ remove for sorted distinct arrays, in one linear pass. */
function mergeSorted(a: BigUint64Array, add: BigUint64Array, remove: BigUint64Array): BigUint64Array {
  const out = new BigUint64Array(a.length + add.length);
  let i = 0, j = 0, r = 0, n = 0;
  while (i < a.length || j < add.length) {
    let x: bigint;
    if (j >= add.length || (i < a.length && a[i]! < add[j]!)) x = a[i++]!;
    else if (i < a.length && a[i] === add[j]) { x = a[i++]!; j++; }
    else x = add[j++]!;
    while (r < remove.length && remove[r]! < x) r++;
    if (r < remove.length && remove[r] === x) continue;
    out[n++] = x;
  }
  return out.slice(0, n);
}

const sortedOf = (xs: Iterable<bigint>): BigUint64Array => BigUint64Array.from(xs).sort();

export interface TokenSetBuilderOptions {
  /** Smallest bucket (default 1,024). */
  minSize?: number;
  /** Source of padding tags (default: cryptographically random). */
  randomTag?: () => bigint;
}

/** Persistent form of a builder: the current set and which of its tags are padding. */
export interface TokenSetBuilderState {
  version: number;
  tags: BigUint64Array;
  padding: BigUint64Array;
}

/**
 * The owner's mutable set. Callers `insert` a tag when its first stored value appears and `delete` it when
 * the last one goes (reference counting per tag is the caller's: the node knows which attributes map to a
 * tag); `commit` applies the changes, tops padding up or down to the bucket, and returns the wire delta.
 */
export class TokenSetBuilder {
  #set: TokenSet;
  #padding: bigint[];
  #adds = new Set<bigint>();
  #removes = new Set<bigint>();
  readonly #min: number;
  readonly #random: () => bigint;

  constructor(opts: TokenSetBuilderOptions = {}, state?: TokenSetBuilderState) {
    this.#min = opts.minSize ?? 1024;
    this.#random = opts.randomTag ?? (() => tagOf(randomBytes(8)));
    this.#set = new TokenSet(state?.tags ?? new BigUint64Array(0), state?.version ?? 0);
    this.#padding = state ? [...state.padding] : [];
  }

  /** Tags that hold real values (after the last commit). */
  get realCount(): number {
    return this.#set.size - this.#padding.length;
  }

  get version(): number {
    return this.#set.version;
  }

  /**
   * Adds a real tag (no effect if present). A real tag equal to a padding tag (probability size / 2^64)
   * stays counted as padding; it is not worth a padding index to tell them apart.
   */
  insert(tag: bigint): void {
    if (this.#removes.delete(tag)) return;
    if (!this.#set.has(tag)) this.#adds.add(tag);
  }

  /** Removes a real tag (no effect if absent). */
  delete(tag: bigint): void {
    if (this.#adds.delete(tag)) return;
    if (this.#set.has(tag)) this.#removes.add(tag);
  }

  /** Applies pending changes, rebalances padding to the bucket, and returns what changed on the wire. */
  commit(): TokenSetDelta {
    const added = new Set(this.#adds);
    const removed = new Set(this.#removes);
    const real = this.realCount + added.size - removed.size;
    const target = bucketSize(real, this.#min);
    let pad = target - real - this.#padding.length;
    while (pad < 0) {
      removed.add(this.#padding.pop()!);
      pad++;
    }
    while (pad > 0) {
      const t = this.#random();
      if (this.#set.has(t) || added.has(t)) continue;
      if (removed.delete(t)) continue; // re-adding a removed tag cancels out (never happens with random tags)
      added.add(t);
      this.#padding.push(t);
      pad--;
    }
    const delta: TokenSetDelta = { fromVersion: this.#set.version, toVersion: this.#set.version + 1, added: sortedOf(added), removed: sortedOf(removed) };
    this.#set = this.#set.applyDelta(delta);
    this.#adds.clear();
    this.#removes.clear();
    return delta;
  }

  /** The committed set (what searchers receive). */
  snapshot(): TokenSet {
    return this.#set;
  }

  /** What to persist to resume the builder (padding must stay secret: it is the set minus the real tags). */
  exportState(): TokenSetBuilderState {
    return { version: this.#set.version, tags: this.#set.tags, padding: BigUint64Array.from(this.#padding) };
  }
}
