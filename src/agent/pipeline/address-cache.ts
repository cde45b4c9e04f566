/**
 * What the pipeline works out once per distinct logged address: parsed form, side tests, and (on first use)
 * lookup data and sketch hashes. Logs repeat addresses heavily, so most events cost one Map lookup per side.
 */
import type { IpInfo } from '../geo/ip-info.ts';
import { detach } from '../net/detach.ts';
import { parseIp, parseIPv4 } from '../net/ip.ts';
import type { NetworkSet } from './networks.ts';
import { RESERVED } from './networks.ts';
import type { SideAddress } from './sides.ts';
import type { Hash64 } from './sketch-hasher.ts';

/** One cached address; `info`, `src` and `tgt` are filled in when first needed. */
export interface AddrEntry extends SideAddress {
  info: IpInfo | null;
  src: Hash64 | null;
  tgt: Hash64 | null;
}

const FRONT_BITS = 12;
const FRONT_SLOTS = 1 << FRONT_BITS;
const FRONT_SHIFT = 32 - FRONT_BITS;

/**
 * Address text → entry. Dotted quads (nearly every logged address) are keyed by their 32-bit value: a
 * number key needs no string hashing or comparison, which made the string-keyed Map the single largest
 * cost per event. Every other text keeps its own string key. Both maps are cleared when full (no LRU
 * bookkeeping on the hot path); the bound is sized for the distinct remote sources of a busy hour.
 */
export class AddressCache {
  readonly #v4 = new Map<number, AddrEntry>();
  // A direct-mapped front for dotted quads: the busiest addresses answer from two small arrays that stay
  // in cache, where the Map probe touched a bucket, an entry and a key per lookup.
  readonly #frontKeys = new Int32Array(FRONT_SLOTS);
  readonly #frontVals = new Array<AddrEntry | undefined>(FRONT_SLOTS).fill(undefined);
  readonly #other = new Map<string, AddrEntry>();
  readonly #own: NetworkSet;
  readonly #max: number;

  constructor(own: NetworkSet, max = 262_144) {
    this.#own = own;
    this.#max = max;
  }

  /** The entry for an address text (an entry with `ip: null` when the text is not an address). */
  get(raw: string): AddrEntry {
    const n = parseIPv4(raw);
    if (n >= 0) {
      // `| 0` keeps the key a small integer (no boxed number) for every address.
      const key = n | 0;
      const slot = Math.imul(key, 0x9e3779b1) >>> FRONT_SHIFT;
      const f = this.#frontVals[slot];
      if (f !== undefined && this.#frontKeys[slot] === key) return f;
      let a = this.#v4.get(key);
      if (a === undefined) {
        const ip = { v: 4 as const, n };
        a = { ip, own: this.#own.has(ip), reserved: RESERVED.has(ip), info: null, src: null, tgt: null };
        if (this.#v4.size >= this.#max) {
          this.#v4.clear();
          this.#frontVals.fill(undefined);
        }
        this.#v4.set(key, a);
      }
      this.#frontKeys[slot] = key;
      this.#frontVals[slot] = a;
      return a;
    }
    let a = this.#other.get(raw);
    if (a === undefined) {
      const ip = parseIp(raw);
      a = { ip, own: ip !== null && this.#own.has(ip), reserved: ip !== null && RESERVED.has(ip), info: null, src: null, tgt: null };
      if (this.#other.size >= this.#max) this.#other.clear();
      this.#other.set(detach(raw), a);
    }
    return a;
  }
}
