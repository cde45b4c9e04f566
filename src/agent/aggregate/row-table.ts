/**
 * Open-addressing hash table keyed by three 32-bit integers. The aggregator finds one row per event here:
 * integer words are hashed and compared in place, where Map keys above 2^31 would be boxed numbers
 * (one allocation per lookup, and a pointer chase per comparison).
 */
export class RowTable<V> {
  #keys = new Int32Array(3 * 16);
  #vals: Array<V | undefined> = new Array<V | undefined>(16).fill(undefined);
  #mask = 15;
  #size = 0;

  /** Number of entries. */
  get size(): number {
    return this.#size;
  }

  #slot(a: number, b: number, c: number): number {
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f);
    return (h ^ (h >>> 16)) & this.#mask;
  }

  /** The value for key (a, b, c), or undefined. */
  get(a: number, b: number, c: number): V | undefined {
    const k = this.#keys;
    const vals = this.#vals;
    for (let i = this.#slot(a, b, c); ; i = (i + 1) & this.#mask) {
      const v = vals[i];
      if (v === undefined) return undefined;
      if (k[i * 3] === a && k[i * 3 + 1] === b && k[i * 3 + 2] === c) return v;
    }
  }

  /** Adds a value for a key that is not in the table (callers look up first). */
  add(a: number, b: number, c: number, v: V): void {
    if ((this.#size + 1) * 2 > this.#vals.length) this.#grow();
    this.#put(a, b, c, v);
    this.#size++;
  }

  #put(a: number, b: number, c: number, v: V): void {
    let i = this.#slot(a, b, c);
    while (this.#vals[i] !== undefined) i = (i + 1) & this.#mask;
    this.#keys[i * 3] = a;
    this.#keys[i * 3 + 1] = b;
    this.#keys[i * 3 + 2] = c;
    this.#vals[i] = v;
  }

  /** Doubles the table (load factor stays ≤ 1/2, so probe runs stay short). */
  #grow(): void {
    const keys = this.#keys;
    const vals = this.#vals;
    this.#keys = new Int32Array(keys.length * 2);
    this.#vals = new Array<V | undefined>(vals.length * 2).fill(undefined);
    this.#mask = vals.length * 2 - 1;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== undefined) this.#put(keys[i * 3]!, keys[i * 3 + 1]!, keys[i * 3 + 2]!, v);
    }
  }
}
