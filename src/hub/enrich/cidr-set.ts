/**
 * Longest-prefix lookup of an address in a set of labelled CIDRs (IPv4 and IPv6). Text is read by the
 * core IP parser (leading zeros decimal, as everywhere else in Renkei) before ipaddr.js sees it.
 */
import ipaddr from 'ipaddr.js';
import { parseCidr, parseIp } from '../../core/indicators/ip.ts';

const v4Key = (bytes: number[], len: number): string => {
  const n = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  return len === 0 ? '0' : String(n >>> (32 - len));
};
const v6Key = (bytes: number[], len: number): string => {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return len === 0 ? '0' : (v >> BigInt(128 - len)).toString(36);
};

/** A set of CIDRs, each with a label; `find` returns the label of the longest containing prefix. */
export class CidrSet {
  private readonly v4 = new Map<number, Map<string, string>>();
  private readonly v6 = new Map<number, Map<string, string>>();
  private lens4: number[] = [];
  private lens6: number[] = [];
  size = 0;

  /** Adds a CIDR (or a single address); returns false for text that is neither. */
  add(cidr: string, label: string): boolean {
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let len: number;
    const t = cidr.trim();
    if (t.includes('/')) {
      const c = parseCidr(t);
      if ('error' in c) return false;
      addr = ipaddr.parse(c.value.split('/')[0]!);
      len = c.prefix;
    } else {
      const p = parseIp(t);
      if (!p) return false;
      addr = ipaddr.parse(p.canonical);
      len = p.version === 4 ? 32 : 128;
    }
    const v4 = addr.kind() === 'ipv4';
    const table = v4 ? this.v4 : this.v6;
    let m = table.get(len);
    if (!m) {
      m = new Map();
      table.set(len, m);
      if (v4) this.lens4 = [...table.keys()].sort((a, b) => b - a);
      else this.lens6 = [...table.keys()].sort((a, b) => b - a);
    }
    const key = v4 ? v4Key(addr.toByteArray(), len) : v6Key(addr.toByteArray(), len);
    if (!m.has(key)) {
      m.set(key, label);
      this.size++;
    }
    return true;
  }

  /** The label of the most specific CIDR containing `ip`, or null. */
  find(ip: string): string | null {
    const p = parseIp(ip.trim());
    if (!p) return null;
    const addr = ipaddr.parse(p.canonical);
    const bytes = addr.toByteArray();
    const v4 = addr.kind() === 'ipv4';
    for (const len of v4 ? this.lens4 : this.lens6) {
      const hit = (v4 ? this.v4 : this.v6).get(len)!.get(v4 ? v4Key(bytes, len) : v6Key(bytes, len));
      if (hit !== undefined) return hit;
    }
    return null;
  }
}
