/** Canonical forms of what a member claims: a prefix (`203.0.113.0/24`, RFC 5952 for IPv6) or an AS number (`AS64500`). */
import { formatPrefix, parsePrefix, type Prefix } from './prefix.ts';

/** A parsed claim value, or why it is not one. */
export type ClaimValue = { kind: 'prefix'; value: string; prefix: Prefix } | { kind: 'asn'; value: string; asn: number } | { error: string };

/** Parses a claim of `kind`; host bits set, lengths out of range and AS numbers outside 1–4294967294 are errors. */
export function parseClaimValue(kind: 'prefix' | 'asn', text: string): ClaimValue {
  const s = text.trim();
  if (kind === 'asn') {
    const m = /^(?:AS)?(\d{1,10})$/i.exec(s);
    const n = m ? Number(m[1]) : NaN;
    // 0 and 4294967295 are reserved (RFC 7607, RFC 7300).
    if (!Number.isInteger(n) || n < 1 || n > 4294967294) return { error: `not an AS number: ${text}` };
    return { kind: 'asn', value: `AS${n}`, asn: n };
  }
  if (!s.includes('/')) return { error: `a prefix needs a length (address/len): ${text}` };
  const p = parsePrefix(s);
  if ('error' in p) return { error: `${text}: ${p.error}` };
  return { kind: 'prefix', value: formatPrefix(p), prefix: p };
}
