/** Spellings of a planted secret that privacy tests look for in every byte an agent sends. */
import { formatIPv6, parseIPv4, parseIPv6 } from '../../core/net/ip-fast.ts';

/** Every spelling of a value we can think of. */
export function encodings(v: string): string[] {
  const out = new Set<string>([v, v.toUpperCase(), encodeURIComponent(v), JSON.stringify(v).slice(1, -1), Buffer.from(v).toString('hex'), Buffer.from(v).toString('hex').toUpperCase()]);
  for (let pad = 0; pad < 3; pad++) {
    // base64 of the value at each alignment, minus the edge characters that depend on neighbours.
    const b = Buffer.from('x'.repeat(pad) + v).toString('base64');
    const inner = b.slice(Math.ceil((pad * 4) / 3) + 1, Math.floor(((pad + v.length) * 4) / 3) - 1);
    out.add(inner);
    out.add(inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const v4 = parseIPv4(v);
  if (v4 >= 0) {
    out.add(String(v4));
    out.add(v4.toString(16).padStart(8, '0'));
  }
  const v6 = v.includes(':') ? parseIPv6(v) : null;
  if (v6) {
    out.add(Buffer.from(v6).toString('hex'));
    out.add(Array.from({ length: 8 }, (_, i) => Buffer.from(v6.subarray(i * 2, i * 2 + 2)).toString('hex')).join(':'));
    out.add(formatIPv6(v6));
  }
  return [...out].filter((s) => s.length >= 4);
}
