/**
 * HyperLogLog distinct-count sketch (Flajolet et al. 2007, with linear counting for small sets) over
 * 64-bit hashes supplied by the caller as two 32-bit words. Mergeable (register-wise max), so
 * sketches from different members combine into a community-wide distinct count. Sparse while small.
 * Pure: no I/O, runs in the browser too.
 */
import { RenkeiError } from '../errors.ts';

const SPARSE_PREFIX = 'hll1s';
const DENSE_PREFIX = 'hll1d';

/** A mergeable distinct-count sketch with 2^p registers (p = 12 → 4096 registers, ≈1.6 % error). */
export class HyperLogLog {
  readonly p: number;
  readonly m: number;
  #dense: Uint8Array | null = null;
  /**
   * Sparse registers packed as (index << 8 | rho) in a small open-addressing table (0 = empty slot, rho is
   * never 0): far lighter than a Map per sketch, and a lookup stays O(1) where a list scan grew with size.
   * Null while the sketch holds at most two registers (see #r0). A plain array of small integers: it is
   * as compact as a typed array, and far cheaper to allocate as the table doubles.
   */
  #sparse: number[] | null = null;
  /**
   * The first two registers, packed like table words, before any table exists: most agent rows see one or
   * two distinct addresses, and a typed array per sketch cost more than everything else in a new row.
   */
  #r0 = 0;
  #r1 = 0;
  #count = 0;

  constructor(p = 12) {
    if (!Number.isInteger(p) || p < 4 || p > 16) throw new RenkeiError('validation_failed', `HyperLogLog precision must be 4..16, got ${p}`);
    this.p = p;
    this.m = 1 << p;
  }

  /** Adds one element given by its 64-bit hash (hi, lo as unsigned 32-bit words). */
  addHash(hi: number, lo: number): void {
    const idx = hi >>> (32 - this.p);
    // rho = position of the first 1 bit in the remaining 64 - p bits (1-based), capped.
    const restHi = (hi << this.p) >>> 0;
    let rho: number;
    if (restHi !== 0) rho = Math.clz32(restHi) + 1;
    else rho = lo !== 0 ? 32 - this.p + Math.clz32(lo >>> 0) + 1 : 64 - this.p + 1;
    this.#set(idx, rho);
  }

  #set(idx: number, rho: number): void {
    const sp = this.#sparse;
    if (sp === null && this.#dense === null) {
      this.#setInline(idx, rho);
      return;
    }
    if (sp) {
      const mask = sp.length - 1;
      let k = idx & mask;
      for (let v = sp[k]!; v !== 0; v = sp[k]!) {
        if (v >>> 8 === idx) {
          if (rho > (v & 255)) sp[k] = (idx << 8) | rho;
          return;
        }
        k = (k + 1) & mask;
      }
      // Dense costs m bytes; switch at the same register count as always, so serialized forms do not change.
      if (this.#count >= this.m / 16) {
        this.#toDense();
        this.#dense![idx] = rho;
        return;
      }
      if ((this.#count + 1) * 4 > sp.length * 3) {
        this.#grow();
        this.#set(idx, rho);
        return;
      }
      sp[k] = ((idx << 8) | rho) >>> 0;
      this.#count++;
      return;
    }
    const d = this.#dense!;
    if (rho > d[idx]!) d[idx] = rho;
  }

  /** #set while no table exists: keeps up to two registers in fields, then moves them into a table. */
  #setInline(idx: number, rho: number): void {
    const a = this.#r0;
    if (a === 0) {
      this.#r0 = (idx << 8) | rho;
      this.#count = 1;
      return;
    }
    if (a >>> 8 === idx) {
      if (rho > (a & 255)) this.#r0 = (idx << 8) | rho;
      return;
    }
    const b = this.#r1;
    if (b !== 0 && b >>> 8 === idx) {
      if (rho > (b & 255)) this.#r1 = (idx << 8) | rho;
      return;
    }
    // Low precisions turn dense after one or two registers, so only fill #r1 when a table would still hold it.
    if (b === 0 && this.#count < this.m / 16) {
      this.#r1 = (idx << 8) | rho;
      this.#count = 2;
      return;
    }
    this.#toTable();
    this.#set(idx, rho);
  }

  /** Replays the inline registers in insertion order, so the table is laid out as if it had always existed. */
  #toTable(): void {
    const a = this.#r0;
    const b = this.#r1;
    this.#sparse = [0, 0, 0, 0];
    this.#r0 = 0;
    this.#r1 = 0;
    this.#count = 0;
    if (a !== 0) this.#set(a >>> 8, a & 255);
    if (b !== 0) this.#set(b >>> 8, b & 255);
  }

  /** Doubles the sparse table (load factor stays ≤ 3/4). */
  #grow(): void {
    const old = this.#sparse!;
    const next = new Array<number>(old.length * 2).fill(0);
    const mask = next.length - 1;
    for (let j = 0; j < old.length; j++) {
      const v = old[j]!;
      if (v === 0) continue;
      let k = (v >>> 8) & mask;
      while (next[k] !== 0) k = (k + 1) & mask;
      next[k] = v;
    }
    this.#sparse = next;
  }

  #toDense(): void {
    if (this.#sparse === null) this.#toTable();
    const d = new Uint8Array(this.m);
    const sp = this.#sparse!;
    for (let k = 0; k < sp.length; k++) if (sp[k] !== 0) d[sp[k]! >>> 8] = sp[k]! & 255;
    this.#dense = d;
    this.#sparse = null;
    this.#count = 0;
  }

  /** Merges another sketch of the same precision into this one (union). */
  merge(other: HyperLogLog): this {
    if (other.p !== this.p) throw new RenkeiError('validation_failed', `cannot merge HyperLogLog p=${other.p} into p=${this.p}`);
    other.forEachRegister((i, r) => this.#set(i, r));
    return this;
  }

  /** Calls fn for each non-zero register. */
  forEachRegister(fn: (idx: number, rho: number) => void): void {
    const sp = this.#sparse;
    if (sp === null && this.#dense === null) {
      this.#forEachInline(fn);
      return;
    }
    if (sp) {
      for (let k = 0; k < sp.length; k++) if (sp[k] !== 0) fn(sp[k]! >>> 8, sp[k]! & 255);
    }
    else this.#dense!.forEach((r, i) => r && fn(i, r));
  }

  /**
   * The inline registers in the order a four-slot table would hold them (slot = index & 3, the second one
   * probing on): merges into other sketches then insert in the same order, so their layouts, and the
   * floating-point sums of later estimates, are exactly what they were with a table from the start.
   */
  #forEachInline(fn: (idx: number, rho: number) => void): void {
    const a = this.#r0;
    const b = this.#r1;
    if (a === 0) return;
    if (b === 0) {
      fn(a >>> 8, a & 255);
      return;
    }
    const slotA = (a >>> 8) & 3;
    let slotB = (b >>> 8) & 3;
    if (slotB === slotA) slotB = (slotA + 1) & 3;
    if (slotA < slotB) {
      fn(a >>> 8, a & 255);
      fn(b >>> 8, b & 255);
    } else {
      fn(b >>> 8, b & 255);
      fn(a >>> 8, a & 255);
    }
  }

  /** True when nothing was added. */
  isEmpty(): boolean {
    return this.#dense === null && this.#count === 0;
  }

  /** Estimated number of distinct elements (rounded). */
  estimate(): number {
    const m = this.m;
    let sum = 0;
    let zeros = m;
    this.forEachRegister((_, r) => {
      sum += 2 ** -r;
      zeros--;
    });
    sum += zeros; // each zero register contributes 2^0
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(raw);
  }

  /** Compact text form: sparse (index u16 + rho u8 per register) or dense (all registers), base64. */
  serialize(): string {
    if (this.#sparse === null && this.#dense === null) this.#toTable();
    const sp = this.#sparse;
    if (sp) {
      // Packed (index << 8 | rho) words sort by index (each index occurs once), numerically in a typed array.
      const packed = new Uint32Array(this.#count);
      let n = 0;
      for (let k = 0; k < sp.length; k++) if (sp[k] !== 0) packed[n++] = sp[k]!;
      packed.subarray(0, n).sort();
      const bytes = new Uint8Array(n * 3);
      for (let k = 0; k < n; k++) {
        const v = packed[k]!;
        bytes[k * 3] = v >>> 16;
        bytes[k * 3 + 1] = (v >>> 8) & 255;
        bytes[k * 3 + 2] = v & 255;
      }
      return `${SPARSE_PREFIX}:${this.p}:${toBase64(bytes)}`;
    }
    return `${DENSE_PREFIX}:${this.p}:${toBase64(this.#dense!)}`;
  }

  /** Parses `serialize()` output; throws validation_failed on anything malformed. */
  static deserialize(text: string): HyperLogLog {
    const m = /^(hll1[sd]):(\d{1,2}):([A-Za-z0-9+/=]*)$/.exec(text);
    if (!m) throw new RenkeiError('validation_failed', 'malformed sketch');
    const h = new HyperLogLog(Number(m[2]));
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(m[3]!);
    } catch {
      throw new RenkeiError('validation_failed', 'malformed sketch encoding');
    }
    const maxRho = 64 - h.p + 1;
    if (m[1] === SPARSE_PREFIX) {
      if (bytes.length % 3 !== 0) throw new RenkeiError('validation_failed', 'malformed sparse sketch');
      for (let k = 0; k < bytes.length; k += 3) {
        const i = (bytes[k]! << 8) | bytes[k + 1]!;
        const r = bytes[k + 2]!;
        if (i >= h.m || r === 0 || r > maxRho) throw new RenkeiError('validation_failed', 'sketch register out of range');
        h.#set(i, r);
      }
    } else {
      if (bytes.length !== h.m) throw new RenkeiError('validation_failed', 'dense sketch has the wrong size');
      h.#toDense();
      for (let i = 0; i < h.m; i++) {
        if (bytes[i]! > maxRho) throw new RenkeiError('validation_failed', 'sketch register out of range');
        h.#dense![i] = bytes[i]!;
      }
    }
    return h;
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  // apply takes the typed array as it is, where spreading walked it through the iterator protocol.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Merges serialized sketches and returns the distinct-count estimate (0 for none). */
export function mergedEstimate(serialized: Iterable<string>): number {
  let acc: HyperLogLog | null = null;
  for (const s of serialized) {
    const h = HyperLogLog.deserialize(s);
    acc = acc ? acc.merge(h) : h;
  }
  return acc ? acc.estimate() : 0;
}
