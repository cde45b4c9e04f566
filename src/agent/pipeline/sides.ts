/**
 * Which side of an event is the member's customer. With own networks configured, the side inside them;
 * otherwise the rule's declared target, else the destination (inbound alerts). Reserved space on the
 * remote side means the event is internal and is not shared.
 */
import type { ParsedIp } from '../net/ip.ts';

/** What the side rule needs to know of one logged address (the pipeline caches these per address text). */
export interface SideAddress {
  /** Null when the text is not an address. */
  ip: ParsedIp | null;
  /** Inside the member's own networks. */
  own: boolean;
  /** Private, loopback, documentation or other reserved space. */
  reserved: boolean;
}

/** The two sides of an event, or why it is not shared. */
export type Sides<A extends SideAddress> =
  | { ok: true; remote: A & { ip: ParsedIp }; customer: A | null; remoteIsSource: boolean }
  | { ok: false; reason: 'bad_address' | 'no_address' | 'internal' };

/**
 * Classifies an event's addresses into remote (attacker side, shared as country/ASN/sketch) and customer.
 * `ownConfigured`: the member listed its networks; `targetIsSource`: the rule names the source as its target.
 */
export function classifySides<A extends SideAddress>(src: A | null, dst: A | null, ownConfigured: boolean, targetIsSource: boolean): Sides<A> {
  if ((src !== null && src.ip === null) || (dst !== null && dst.ip === null)) return { ok: false, reason: 'bad_address' };
  if (src === null && dst === null) return { ok: false, reason: 'no_address' };
  let remoteIsSource: boolean;
  if (ownConfigured) {
    const srcOwn = src !== null && src.own;
    const dstOwn = dst !== null && dst.own;
    if (srcOwn && dstOwn) return { ok: false, reason: 'internal' };
    remoteIsSource = !srcOwn;
  } else remoteIsSource = !targetIsSource;
  const remote = remoteIsSource ? src : dst;
  if (remote === null || remote.ip === null || remote.reserved) return { ok: false, reason: 'internal' };
  return { ok: true, remote: remote as A & { ip: ParsedIp }, customer: remoteIsSource ? dst : src, remoteIsSource };
}
