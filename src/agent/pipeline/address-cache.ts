/**
 * What the pipeline works out once per distinct logged address: side bits, and (on first use) country,
 * ASN and sketch hashes. Logs repeat addresses heavily, so most events cost one probe per side.
 *
 * Each entry is eight int32 words in one flat array, so an event reads everything it needs of an address
 * from one cache line. With an object per entry (plus objects for the lookup result and each hash), the
 * pointer chases between them were the largest cost per event once parsing was fast.
 */
import type { IpInfo } from '../../geo/ip-info.ts';
import { detach } from '../../core/net/detach.ts';
import { parseIp, parseIPv4, type ParsedIp } from '../../core/net/ip-fast.ts';
import type { NetworkSet } from './networks.ts';
import { RESERVED } from './networks.ts';
import { SIDE_OWN, SIDE_PRESENT, SIDE_RESERVED, SIDE_VALID } from './sides.ts';
import type { Hash64 } from './sketch-hasher.ts';

/** Words of one entry. */
const STRIDE = 8;
const KEY = 0;
const FLAGS = 1;
const COUNTRY = 2;
const ASN = 3;
const SRC_HI = 4;
const SRC_LO = 5;
const TGT_HI = 6;
const TGT_LO = 7;

/** Flag bits above the side bits (SIDE_PRESENT also marks a used slot). */
const HAS_INFO = 16;
const ASN_NULL = 32;
const HAS_SRC = 64;
const HAS_TGT = 128;

/** Handles at or above this name entries of non-IPv4 texts; below it, slots of the IPv4 table. */
const OTHER = 1 << 30;
const MAX_COUNTRIES = 4096;
const TWO32 = 4_294_967_296;

/** No address (the event has no such field). */
export const NO_ADDRESS = -1;

/**
 * Address text → entry handle. Dotted quads (nearly every logged address) live in an open-addressing table
 * keyed by their 32-bit value; other texts keep a string-keyed map to entries in a second flat array. Both
 * are emptied when full (no LRU bookkeeping on the hot path); the bound is sized for the distinct remote
 * sources of a busy hour.
 */
export class AddressCache {
  #v4 = new Int32Array(4096 * STRIDE);
  #v4Mask = 4095;
  #v4Shift = 32 - 12;
  #v4Size = 0;
  readonly #otherIndex = new Map<string, number>();
  #other = new Int32Array(64 * STRIDE);
  readonly #otherIps: Array<ParsedIp | null> = [];
  readonly #countryCode = new Map<string, number>();
  readonly #countries: string[] = [];
  readonly #own: NetworkSet;
  readonly #max: number;
  /** Outputs of `lookup`: handles for the two texts (NO_ADDRESS when absent). */
  src = NO_ADDRESS;
  dst = NO_ADDRESS;

  constructor(own: NetworkSet, max = 262_144) {
    this.#own = own;
    this.#max = max;
  }

  /**
   * Finds or adds entries for an event's two address texts (null = absent) and sets `src` and `dst`. Both
   * in one call: room for two new entries is made first, so the first handle stays valid.
   */
  lookup(srcRaw: string | null, dstRaw: string | null): void {
    if (this.#v4Size + 2 > this.#max) this.#clearV4();
    else if ((this.#v4Size + 2) * 2 > this.#v4Mask + 1) this.#growV4();
    if (this.#otherIndex.size + 2 > this.#max) this.#clearOther();
    this.src = srcRaw === null ? NO_ADDRESS : this.#get(srcRaw);
    this.dst = dstRaw === null ? NO_ADDRESS : this.#get(dstRaw);
  }

  #get(raw: string): number {
    const n = parseIPv4(raw);
    if (n < 0) return this.#getOther(raw);
    // `| 0` keeps the key a small integer (no boxed number) for every address.
    const key = n | 0;
    const t = this.#v4;
    const mask = this.#v4Mask;
    let i = Math.imul(key, 0x9e3779b1) >>> this.#v4Shift;
    for (;;) {
      const f = t[i * STRIDE + FLAGS]!;
      if (f === 0) break;
      if (t[i * STRIDE + KEY] === key) return i;
      i = (i + 1) & mask;
    }
    const ip: ParsedIp = { v: 4, n };
    t[i * STRIDE + KEY] = key;
    t[i * STRIDE + FLAGS] = this.#sideBits(ip);
    this.#v4Size++;
    return i;
  }

  #getOther(raw: string): number {
    const known = this.#otherIndex.get(raw);
    if (known !== undefined) return OTHER + known;
    const j = this.#otherIndex.size;
    if ((j + 1) * STRIDE > this.#other.length) {
      const next = new Int32Array(this.#other.length * 2);
      next.set(this.#other);
      this.#other = next;
    }
    const ip = parseIp(raw);
    this.#other[j * STRIDE + FLAGS] = ip === null ? SIDE_PRESENT : this.#sideBits(ip);
    this.#otherIps[j] = ip;
    this.#otherIndex.set(detach(raw), j);
    return OTHER + j;
  }

  #sideBits(ip: ParsedIp): number {
    return SIDE_PRESENT | SIDE_VALID | (this.#own.has(ip) ? SIDE_OWN : 0) | (RESERVED.has(ip) ? SIDE_RESERVED : 0);
  }

  /** Doubles the IPv4 table (load factor stays ≤ 1/2, so probe runs stay short). */
  #growV4(): void {
    const old = this.#v4;
    const slots = (this.#v4Mask + 1) * 2;
    const t = new Int32Array(slots * STRIDE);
    this.#v4Mask = slots - 1;
    this.#v4Shift--;
    for (let o = 0; o < old.length; o += STRIDE) {
      if (old[o + FLAGS] === 0) continue;
      let i = Math.imul(old[o + KEY]!, 0x9e3779b1) >>> this.#v4Shift;
      while (t[i * STRIDE + FLAGS] !== 0) i = (i + 1) & this.#v4Mask;
      t.set(old.subarray(o, o + STRIDE), i * STRIDE);
    }
    this.#v4 = t;
  }

  #clearV4(): void {
    this.#v4.fill(0);
    this.#v4Size = 0;
  }

  #clearOther(): void {
    this.#otherIndex.clear();
    this.#otherIps.length = 0;
    this.#other.fill(0);
  }

  #words(h: number): Int32Array {
    return h < OTHER ? this.#v4 : this.#other;
  }

  #base(h: number): number {
    return (h < OTHER ? h : h - OTHER) * STRIDE;
  }

  /** Side bits of an entry (see SIDE_PRESENT); 0 for NO_ADDRESS. */
  flags(h: number): number {
    return h < 0 ? 0 : this.#words(h)[this.#base(h) + FLAGS]!;
  }

  /** The parsed address of a valid entry. */
  ip(h: number): ParsedIp {
    return h < OTHER ? { v: 4, n: this.#v4[h * STRIDE + KEY]! >>> 0 } : this.#otherIps[h - OTHER]!;
  }

  /** True once `setInfo` stored the entry's country and ASN. */
  hasInfo(h: number): boolean {
    return (this.flags(h) & HAS_INFO) !== 0;
  }

  /** Stores country and ASN; an ASN that is not a 32-bit unsigned integer is not stored (looked up again). */
  setInfo(h: number, info: IpInfo): void {
    const asn = info.asn;
    if (asn !== null && !(Number.isInteger(asn) && asn >= 0 && asn < TWO32)) return;
    const country = this.#codeOf(info.country);
    if (country === -2) return;
    const w = this.#words(h);
    const b = this.#base(h);
    w[b + COUNTRY] = country;
    w[b + ASN] = asn === null ? 0 : asn | 0;
    w[b + FLAGS] = w[b + FLAGS]! | HAS_INFO | (asn === null ? ASN_NULL : 0);
  }

  /** Country code index (-1 for null, -2 when the table of distinct texts is full). */
  #codeOf(country: string | null): number {
    if (country === null) return -1;
    let c = this.#countryCode.get(country);
    if (c === undefined) {
      if (this.#countries.length >= MAX_COUNTRIES) return -2;
      c = this.#countries.length;
      this.#countries.push(detach(country));
      this.#countryCode.set(this.#countries[c]!, c);
    }
    return c;
  }

  /** The stored country (after `setInfo`). */
  country(h: number): string | null {
    const c = this.#words(h)[this.#base(h) + COUNTRY]!;
    return c < 0 ? null : this.#countries[c]!;
  }

  /** The stored ASN (after `setInfo`). */
  asn(h: number): number | null {
    const w = this.#words(h);
    const b = this.#base(h);
    return (w[b + FLAGS]! & ASN_NULL) !== 0 ? null : w[b + ASN]! >>> 0;
  }

  /** True once `setSource` stored the entry's source hash. */
  hasSource(h: number): boolean {
    return (this.flags(h) & HAS_SRC) !== 0;
  }

  /** Stores the source sketch hash. */
  setSource(h: number, hash: Hash64): void {
    this.#setHash(h, SRC_HI, HAS_SRC, hash);
  }

  /** High word of the stored source hash (unsigned). */
  sourceHi(h: number): number {
    return this.#words(h)[this.#base(h) + SRC_HI]! >>> 0;
  }

  /** Low word of the stored source hash (unsigned). */
  sourceLo(h: number): number {
    return this.#words(h)[this.#base(h) + SRC_LO]! >>> 0;
  }

  /** True once `setTarget` stored the entry's target hash. */
  hasTarget(h: number): boolean {
    return (this.flags(h) & HAS_TGT) !== 0;
  }

  /** Stores the target sketch hash. */
  setTarget(h: number, hash: Hash64): void {
    this.#setHash(h, TGT_HI, HAS_TGT, hash);
  }

  /** High word of the stored target hash (unsigned). */
  targetHi(h: number): number {
    return this.#words(h)[this.#base(h) + TGT_HI]! >>> 0;
  }

  /** Low word of the stored target hash (unsigned). */
  targetLo(h: number): number {
    return this.#words(h)[this.#base(h) + TGT_LO]! >>> 0;
  }

  #setHash(h: number, at: number, bit: number, hash: Hash64): void {
    const w = this.#words(h);
    const b = this.#base(h);
    w[b + at] = hash[0];
    w[b + at + 1] = hash[1];
    w[b + FLAGS] = w[b + FLAGS]! | bit;
  }
}
