/**
 * IP-range → ASN table in typed arrays with binary search. IPv6 ranges are keyed by their upper 64 bits
 * (routed prefixes are never longer than /64 in this data), stored as two Uint32Arrays. The CSV bytes are
 * parsed straight into growable typed arrays: the data has ~500k rows, and going through strings and JS
 * arrays left ~80 MB of garbage that set the agent's peak RSS.
 */

/** A loaded ASN table. `findV4`/`findV6` return a row index or -1. */
export interface AsnTable {
  asn: Uint32Array;
  findV4(n: number): number;
  findV6(b: Uint8Array): number;
  nameOf(idx: number): string | null;
  size: number;
}

const COMMA = 0x2c;
const NL = 0x0a;
const CR = 0x0d;

/** A Uint32Array that grows by doubling; `done()` returns a copy of exactly the used length. */
class U32Builder {
  #a: Uint32Array;
  length = 0;
  constructor(capacity: number) {
    this.#a = new Uint32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.#a.length) {
      const b = new Uint32Array(this.#a.length * 2);
      b.set(this.#a);
      this.#a = b;
    }
    this.#a[this.length++] = v;
  }
  done(): Uint32Array {
    return this.#a.slice(0, this.length);
  }
}

/** Interns AS names; consecutive rows often repeat one, which is found without decoding it again. */
class NameInterner {
  readonly list: string[] = [];
  readonly #index = new Map<string, number>();
  #last: Buffer | null = null;
  #lastId = -1;
  id(buf: Buffer, from: number, to: number): number {
    const bytes = buf.subarray(from, to);
    if (this.#last !== null && this.#last.equals(bytes)) return this.#lastId;
    let name = bytes.toString('latin1');
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
    let i = this.#index.get(name);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(name);
      this.#index.set(name, i);
    }
    this.#last = bytes;
    this.#lastId = i;
    return i;
  }
}

/**
 * Calls `row(buf, fieldStarts, fieldEnds)` for each line with at least four comma-separated fields; the
 * fourth runs to the end of the line (AS names may contain commas, quoted).
 */
function scanRows(buf: Buffer, row: (s: number[], e: number[]) => void): void {
  const s = [0, 0, 0, 0];
  const e = [0, 0, 0, 0];
  let pos = 0;
  const n = buf.length;
  while (pos < n) {
    let eol = buf.indexOf(NL, pos);
    if (eol < 0) eol = n;
    let f = 0;
    let start = pos;
    for (let i = pos; i < eol && f < 3; i++) {
      if (buf[i] === COMMA) {
        s[f] = start;
        e[f] = i;
        f++;
        start = i + 1;
      }
    }
    if (f === 3) {
      s[3] = start;
      e[3] = eol > start && buf[eol - 1] === CR ? eol - 1 : eol;
      row(s, e);
    }
    pos = eol + 1;
  }
}

/** A field of decimal digits as a number (exact below 2^53), or NaN. */
function decimal(buf: Buffer, from: number, to: number): number {
  if (from >= to) return NaN;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** The upper 64 bits of a decimal 128-bit number as [hi, lo] 32-bit words into `out`; false if not digits. */
function upper64(buf: Buffer, from: number, to: number, out: Uint32Array): boolean {
  if (from >= to || to - from > 39) return false;
  // Four little-endian 32-bit limbs, multiplied by 10 and added to digit by digit.
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  for (let i = from; i < to; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return false;
    let t = l0 * 10 + d;
    l0 = t >>> 0;
    let c = Math.floor(t / 4294967296);
    t = l1 * 10 + c;
    l1 = t >>> 0;
    c = Math.floor(t / 4294967296);
    t = l2 * 10 + c;
    l2 = t >>> 0;
    c = Math.floor(t / 4294967296);
    t = l3 * 10 + c;
    l3 = t >>> 0;
    if (t >= 4294967296) return false;
  }
  out[0] = l3;
  out[1] = l2;
  return true;
}

/** Builds the table from the bytes of `asn-ipv4-num.csv` and `asn-ipv6-num.csv`. */
export function loadAsnTable(v4Csv: Buffer, v6Csv: Buffer): AsnTable {
  const names = new NameInterner();
  const startV4b = new U32Builder(v4Csv.length / 40);
  const endV4b = new U32Builder(v4Csv.length / 40);
  const asnB = new U32Builder((v4Csv.length + v6Csv.length) / 40);
  const nameB = new U32Builder((v4Csv.length + v6Csv.length) / 40);
  scanRows(v4Csv, (s, e) => {
    const start = decimal(v4Csv, s[0]!, e[0]!);
    const end = decimal(v4Csv, s[1]!, e[1]!);
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    startV4b.push(start);
    endV4b.push(end);
    asnB.push(decimal(v4Csv, s[2]!, e[2]!) >>> 0);
    nameB.push(names.id(v4Csv, s[3]!, e[3]!));
  });
  const [sHiB, sLoB, eHiB, eLoB] = [0, 0, 0, 0].map(() => new U32Builder(v6Csv.length / 80));
  const w = new Uint32Array(2);
  scanRows(v6Csv, (s, e) => {
    if (!upper64(v6Csv, s[0]!, e[0]!, w)) return;
    const [hi, lo] = [w[0]!, w[1]!];
    if (!upper64(v6Csv, s[1]!, e[1]!, w)) return;
    sHiB!.push(hi);
    sLoB!.push(lo);
    eHiB!.push(w[0]!);
    eLoB!.push(w[1]!);
    asnB.push(decimal(v6Csv, s[2]!, e[2]!) >>> 0);
    nameB.push(names.id(v6Csv, s[3]!, e[3]!));
  });
  const n4 = startV4b.length;
  const startV4 = startV4b.done();
  const endV4 = endV4b.done();
  const [sHi, sLo, eHi, eLo] = [sHiB!.done(), sLoB!.done(), eHiB!.done(), eLoB!.done()];
  const asn = asnB.done();
  const nameIds = nameB.done();
  const nameList = names.list;

  return {
    asn,
    size: asn.length,
    nameOf: (idx) => nameList[nameIds[idx]!] || null,
    findV4(x: number): number {
      let lo = 0;
      let hi = n4 - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (startV4[mid]! <= x) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found >= 0 && endV4[found]! >= x ? found : -1;
    },
    findV6(b: Uint8Array): number {
      const xh = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
      const xl = ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
      let lo = 0;
      let hi = sHi.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const le = sHi[mid]! < xh || (sHi[mid] === xh && sLo[mid]! <= xl);
        if (le) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return -1;
      const ok = eHi[found]! > xh || (eHi[found] === xh && eLo[found]! >= xl);
      return ok ? n4 + found : -1;
    },
  };
}
