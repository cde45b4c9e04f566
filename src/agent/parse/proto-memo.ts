/**
 * Protocol spellings seen in a log, normalised once each. A log uses a handful of them (TCP, UDP, ICMP…),
 * interleaved line by line, so a small map beats both normalising per line and a one-entry memo.
 */
import { detach } from '../../core/net/detach.ts';

const MAX_ENTRIES = 256;

/** Returns `fn` memoised over its (string) input; the map is emptied when full, so junk cannot grow it. */
export function memoiseProto(fn: (raw: string) => string | null): (raw: string) => string | null {
  const seen = new Map<string, string | null>();
  return (raw) => {
    let v = seen.get(raw);
    if (v === undefined) {
      v = fn(raw);
      if (seen.size >= MAX_ENTRIES) seen.clear();
      // Detached: the map outlives the read chunk the line was sliced from.
      seen.set(detach(raw), detach(v));
    }
    return v;
  };
}
