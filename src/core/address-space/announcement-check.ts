/**
 * Is a claimed prefix announced by an AS the member claims? Asked of the bundled IP-to-ASN data for the
 * prefix's first and last address (the data is a list of ranges, so a prefix split between two origins
 * shows both). The hub admin sees the verdict before approving; it never decides alone.
 */
import { formatPrefix, prefixEnd, prefixStart, type Prefix } from './prefix.ts';

export interface AnnouncementCheck {
  verdict: 'announced' | 'other_as' | 'not_announced';
  asns: number[];
  claimedAsns: number[];
}

function addressText(p: Prefix, x: bigint): string {
  if (p.version === 4) return formatPrefix({ version: 4, start: Number(x), length: 32 }).replace(/\/32$/, '');
  const m = 0xffffffffn;
  const words = [Number((x >> 96n) & m), Number((x >> 64n) & m), Number((x >> 32n) & m), Number(x & m)] as const;
  return formatPrefix({ version: 6, words, length: 128 }).replace(/\/128$/, '');
}

/** Checks `prefix` against `asnOf` (address text → origin AS or null) and the member's claimed AS numbers. */
export function checkAnnouncement(prefix: Prefix, claimedAsns: readonly number[], asnOf: (address: string) => number | null): AnnouncementCheck {
  const seen: number[] = [];
  for (const x of [prefixStart(prefix), prefixEnd(prefix)]) {
    const asn = asnOf(addressText(prefix, x));
    if (asn !== null && !seen.includes(asn)) seen.push(asn);
  }
  const claimed = [...claimedAsns];
  const verdict = seen.length === 0 ? 'not_announced' : seen.every((a) => claimed.includes(a)) ? 'announced' : 'other_as';
  return { verdict, asns: seen, claimedAsns: claimed };
}
