/**
 * IP-range → ASN table in typed arrays with binary search. IPv6 ranges are keyed by their upper 64 bits
 * (routed prefixes are never longer than /64 in this data), stored as two Uint32Arrays.
 */

/** A loaded ASN table. `findV4`/`findV6` return a row index or -1. */
export interface AsnTable {
  asn: Uint32Array;
  findV4(n: number): number;
  findV6(b: Uint8Array): number;
  nameOf(idx: number): string | null;
  size: number;
}

interface Rows {
  starts: number[];
  ends: number[];
  asns: number[];
  names: number[];
}

/** Parses one `start,end,asn,name` line (name possibly quoted). */
function* csvRows(text: string): Generator<[string, string, string, string]> {
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const c1 = text.indexOf(',', pos);
    const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
    const c3 = c2 < 0 ? -1 : text.indexOf(',', c2 + 1);
    if (c3 > 0 && c3 < eol) {
      let name = text.slice(c3 + 1, eol).replace(/\r$/, '');
      if (name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
      yield [text.slice(pos, c1), text.slice(c1 + 1, c2), text.slice(c2 + 1, c3), name];
    }
    pos = eol + 1;
  }
}

/** Builds the table from the contents of `asn-ipv4-num.csv` and `asn-ipv6-num.csv`. */
export function loadAsnTable(v4Csv: string, v6Csv: string): AsnTable {
  const nameIndex = new Map<string, number>();
  const nameList: string[] = [];
  const intern = (s: string): number => {
    let i = nameIndex.get(s);
    if (i === undefined) {
      i = nameList.length;
      nameList.push(s);
      nameIndex.set(s, i);
    }
    return i;
  };
  const v4: Rows = { starts: [], ends: [], asns: [], names: [] };
  for (const [s, e, a, name] of csvRows(v4Csv)) {
    const start = Number(s);
    const end = Number(e);
    if (!Number.isFinite(start) || !Number.isFinite(end)) continue;
    v4.starts.push(start);
    v4.ends.push(end);
    v4.asns.push(Number(a) >>> 0);
    v4.names.push(intern(name));
  }
  const v6Hi: number[] = [];
  const v6Lo: number[] = [];
  const v6EndHi: number[] = [];
  const v6EndLo: number[] = [];
  const v6Asn: number[] = [];
  const v6Names: number[] = [];
  const mask = (1n << 32n) - 1n;
  for (const [s, e, a, name] of csvRows(v6Csv)) {
    let start: bigint;
    let end: bigint;
    try {
      start = BigInt(s) >> 64n;
      end = BigInt(e) >> 64n;
    } catch {
      continue;
    }
    v6Hi.push(Number(start >> 32n));
    v6Lo.push(Number(start & mask));
    v6EndHi.push(Number(end >> 32n));
    v6EndLo.push(Number(end & mask));
    v6Asn.push(Number(a) >>> 0);
    v6Names.push(intern(name));
  }
  const n4 = v4.starts.length;
  const startV4 = Uint32Array.from(v4.starts);
  const endV4 = Uint32Array.from(v4.ends);
  const sHi = Uint32Array.from(v6Hi);
  const sLo = Uint32Array.from(v6Lo);
  const eHi = Uint32Array.from(v6EndHi);
  const eLo = Uint32Array.from(v6EndLo);
  const asn = Uint32Array.from([...v4.asns, ...v6Asn]);
  const names = Uint32Array.from([...v4.names, ...v6Names]);

  return {
    asn,
    size: asn.length,
    nameOf: (idx) => nameList[names[idx]!] || null,
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
