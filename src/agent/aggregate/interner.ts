/**
 * Detached copies of the key strings of new rows. Rows are created often (one per rule, port, country and
 * ASN per hour) from a handful of distinct texts; looking a text up is cheaper than copying it every time.
 */
import { detach } from '../../core/net/detach.ts';

const MAX_ENTRIES = 4096;

/** Text → its detached copy (see net/detach.ts), emptied when full so unusual inputs cannot grow it. */
export class Interner {
  readonly #seen = new Map<string, string>();

  /** A copy of `s` that shares no memory with a read chunk (the same copy for equal texts). */
  get<T extends string | null>(s: T): T {
    if (s === null || s.length < 13) return s;
    let v = this.#seen.get(s);
    if (v === undefined) {
      v = detach(s as string);
      if (this.#seen.size >= MAX_ENTRIES) this.#seen.clear();
      this.#seen.set(v, v);
    }
    return v as T;
  }
}
