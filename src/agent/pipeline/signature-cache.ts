/**
 * The rule name as shared: local rules (sid 1,000,000–1,999,999) may name the member's own assets and are
 * shared as "local rule" unless the member opts in; any address inside a name is cut. Cached, because
 * every event carries a name and a handful of rules make up most of a log.
 */
import { detach } from '../net/detach.ts';

const IP_IN_TEXT = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/gi;
const MAX_ENTRIES = 50_000;

/** Rule name text → shareable name, with a per-sid memo in front. */
export class SignatureCache {
  readonly #shareLocal: boolean;
  readonly #byText = new Map<string, string | null>();
  // Keyed by sid: a number key and one string comparison instead of hashing the whole name per event.
  readonly #bySid = new Map<number, { raw: string; out: string | null }>();

  constructor(shareLocalRuleNames: boolean) {
    this.#shareLocal = shareLocalRuleNames;
  }

  /** The name to put in an aggregate row for a rule name `raw` with rule id `sid`. */
  shareable(raw: string | null, sid: number | null): string | null {
    if (raw === null) return null;
    if (!this.#shareLocal && sid !== null && sid >= 1_000_000 && sid < 2_000_000) return 'local rule';
    if (sid === null) return this.#text(raw);
    const m = this.#bySid.get(sid);
    if (m !== undefined && m.raw === raw) return m.out;
    const out = this.#text(raw);
    if (this.#bySid.size >= MAX_ENTRIES) this.#bySid.clear();
    this.#bySid.set(sid, { raw: detach(raw), out });
    return out;
  }

  #text(raw: string): string | null {
    let v = this.#byText.get(raw);
    if (v === undefined) {
      v = detach(raw.replace(IP_IN_TEXT, '[addr]').slice(0, 512));
      if (this.#byText.size >= MAX_ENTRIES) this.#byText.clear();
      this.#byText.set(detach(raw), v);
    }
    return v;
  }
}
