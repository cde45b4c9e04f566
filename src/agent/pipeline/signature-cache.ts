/**
 * The rule name and category as shared (see name-policy.ts), cached: every event carries a name and a
 * handful of rules make up most of a log. Keyed by sid first: a number key and two string comparisons
 * instead of hashing the whole name per event.
 */
import { detach } from '../../core/net/detach.ts';
import type { NamePolicy } from './name-policy.ts';

const MAX_ENTRIES = 50_000;

interface Memo {
  sig: string | null;
  cat: string | null;
  generated: boolean;
  outSig: string | null;
  outCat: string | null;
}

/** Rule name and category text → shareable text, with a per-sid memo in front. */
export class SignatureCache {
  readonly #policy: NamePolicy;
  readonly #bySid = new Map<number, Memo>();
  readonly #byText = new Map<string, Memo>();
  /** Results of the last `lookup`. */
  signature: string | null = null;
  category: string | null = null;

  constructor(policy: NamePolicy) {
    this.#policy = policy;
  }

  /** Sets `signature` and `category` to the shared forms of `sig` and `cat` of rule `sid`. */
  lookup(sig: string | null, cat: string | null, sid: number | null, generated: boolean): void {
    let m = sid !== null && sid !== 0 ? this.#bySid.get(sid) : this.#byText.get(`${generated ? 1 : 0}\u0000${sig}\u0000${cat}`);
    if (m === undefined || m.sig !== sig || m.cat !== cat || m.generated !== generated) {
      m = { sig: sig === null ? null : detach(sig), cat: cat === null ? null : detach(cat), generated, outSig: this.#policy.signature(sig, sid, generated), outCat: this.#policy.category(cat, sid, generated) };
      if (sid !== null && sid !== 0) {
        if (this.#bySid.size >= MAX_ENTRIES) this.#bySid.clear();
        this.#bySid.set(sid, m);
      } else {
        if (this.#byText.size >= MAX_ENTRIES) this.#byText.clear();
        this.#byText.set(detach(`${generated ? 1 : 0}\u0000${sig}\u0000${cat}`), m);
      }
    }
    this.signature = m.outSig;
    this.category = m.outCat;
  }
}
