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

/**
 * Which side is remote (`remote_src`: the source is the attacker side, the destination the customer;
 * `remote_dst` the other way round), or why the event is not shared. A constant, not an object: this runs
 * once per event, and the caller already holds both addresses.
 */
export type Sides = 'remote_src' | 'remote_dst' | 'bad_address' | 'no_address' | 'internal';

/**
 * Classifies an event's addresses into remote (attacker side, shared as country/ASN/sketch) and customer.
 * `ownConfigured`: the member listed its networks; `targetIsSource`: the rule names the source as its target.
 */
export function classifySides(src: SideAddress | null, dst: SideAddress | null, ownConfigured: boolean, targetIsSource: boolean): Sides {
  if ((src !== null && src.ip === null) || (dst !== null && dst.ip === null)) return 'bad_address';
  if (src === null && dst === null) return 'no_address';
  let remoteIsSource: boolean;
  if (ownConfigured) {
    const srcOwn = src !== null && src.own;
    const dstOwn = dst !== null && dst.own;
    if (srcOwn && dstOwn) return 'internal';
    remoteIsSource = !srcOwn;
  } else remoteIsSource = !targetIsSource;
  const remote = remoteIsSource ? src : dst;
  if (remote === null || remote.ip === null || remote.reserved) return 'internal';
  return remoteIsSource ? 'remote_src' : 'remote_dst';
}
