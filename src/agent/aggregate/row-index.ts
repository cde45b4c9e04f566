/**
 * Numeric row identities for the hour aggregator: a row is found by three 32-bit integers (see
 * row-table.ts) instead of building and hashing a long string per event. Keys it cannot encode fall back
 * to the string key.
 */
import { detach } from '../../core/net/detach.ts';
import type { RowKey } from './row-key.ts';

const KIND_CODE: Record<RowKey['kind'], number> = { alert: 0, anomaly: 1, drop: 2, firewall: 3, flow: 4 };
const TWO32 = 4_294_967_296;
const MAX_RULES = 1 << 20;
const MAX_PROTOS = 1024;

/**
 * Interns rule and protocol identities to small numbers. Ids are never reused, so a key always maps to
 * the same numbers for the life of the aggregator.
 */
export class RowIndex {
  readonly #ruleBySid = new Map<number, number>();
  readonly #ruleByText = new Map<string, number>();
  readonly #protos = new Map<string | null, number>();
  // Sid-less records (firewall lines) repeat the same rule text line after line: a one-entry memo.
  #lastSig: string | null = null;
  #lastCat: string | null = null;
  #lastSev: number | null = null;
  #lastKind = -1;
  #lastGid: number | null = -1;
  #lastSid: number | null = -1;
  #lastRule = -1;
  /** Outputs of `keys()`: three int32 words (rule and protocol; ASN; port, ASN-is-null and country). */
  w1 = 0;
  w2 = 0;
  w3 = 0;

  #rule(k: RowKey, kind: number): number {
    const { gid, sid } = k;
    if (sid !== null && sid !== 0) {
      if (!(sid < TWO32 && (gid === null || gid < 65_535))) return -1;
      const n = (kind * 65_536 + (gid === null ? 0 : gid + 1)) * TWO32 + sid;
      let id = this.#ruleBySid.get(n);
      if (id === undefined) {
        if (this.#ruleBySid.size + this.#ruleByText.size >= MAX_RULES) return -1;
        id = this.#ruleBySid.size + this.#ruleByText.size;
        this.#ruleBySid.set(n, id);
      }
      return id;
    }
    if (kind === this.#lastKind && gid === this.#lastGid && sid === this.#lastSid && k.signature === this.#lastSig && k.category === this.#lastCat && k.severity === this.#lastSev) return this.#lastRule;
    const text = `${kind}|${gid}:${sid}:${k.signature}:${k.category}:${k.severity}`;
    let id = this.#ruleByText.get(text);
    if (id === undefined) {
      if (this.#ruleBySid.size + this.#ruleByText.size >= MAX_RULES) return -1;
      id = this.#ruleBySid.size + this.#ruleByText.size;
      this.#ruleByText.set(detach(text), id);
    }
    this.#lastKind = kind;
    this.#lastGid = gid;
    this.#lastSid = sid;
    this.#lastSig = k.signature === null ? null : detach(k.signature);
    this.#lastCat = k.category === null ? null : detach(k.category);
    this.#lastSev = k.severity;
    this.#lastRule = id;
    return id;
  }

  /** Sets w1–w3 for a key and returns true, or returns false when the string key must be used. */
  keys(k: RowKey): boolean {
    const kind = KIND_CODE[k.kind];
    if (kind === undefined) return false;
    const rule = this.#rule(k, kind);
    if (rule < 0) return false;
    const asn = k.asn;
    if (asn !== null && !(Number.isInteger(asn) && asn >= 0 && asn < TWO32)) return false;
    const port = k.port;
    if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) return false;
    let proto = this.#protos.get(k.proto);
    if (proto === undefined) {
      if (this.#protos.size >= MAX_PROTOS) return false;
      proto = this.#protos.size;
      this.#protos.set(detach(k.proto), proto);
    }
    let country = 676;
    const c = k.country;
    if (c !== null) {
      const a = c.charCodeAt(0) - 65;
      const b = c.charCodeAt(1) - 65;
      if (c.length !== 2 || !(a >= 0 && a < 26 && b >= 0 && b < 26)) return false;
      country = a * 26 + b;
    }
    // rule < 2^20 and proto < 2^10; port code ≤ 65,536 (null), country ≤ 676 (null): all fit in 31 bits.
    this.w1 = rule * MAX_PROTOS + proto;
    this.w2 = asn === null ? 0 : asn | 0;
    this.w3 = ((port === null ? 65_536 : port) * 2 + (asn === null ? 1 : 0)) * 1024 + country;
    return true;
  }
}
