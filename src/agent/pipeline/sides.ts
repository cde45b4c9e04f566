/**
 * Which side of an event is the member's customer. With own networks configured, the side inside them;
 * otherwise the rule's declared target, else the destination (inbound alerts). Reserved space on the
 * remote side means the event is internal and is not shared.
 */

/**
 * What the side rule needs to know of one logged address, as bits of one integer (0 = the event has no
 * such address). Bits rather than an object: the address cache keeps them in its flat entry words, and
 * reading them costs no pointer chase per event.
 */
export const SIDE_PRESENT = 1;
/** The text is an address (a present text without this bit is junk). */
export const SIDE_VALID = 2;
/** Inside the member's own networks. */
export const SIDE_OWN = 4;
/** Private, loopback, documentation or other reserved space. */
export const SIDE_RESERVED = 8;

/**
 * Which side is remote (`remote_src`: the source is the attacker side, the destination the customer;
 * `remote_dst` the other way round), or why the event is not shared. A constant, not an object: this runs
 * once per event, and the caller already holds both addresses.
 */
export type Sides = 'remote_src' | 'remote_dst' | 'bad_address' | 'no_address' | 'internal';

/**
 * Classifies an event's addresses (side bits, see SIDE_PRESENT) into remote (attacker side, shared as
 * country/ASN/sketch) and customer. `ownConfigured`: the member listed its networks; `targetIsSource`: the
 * rule names the source as its target.
 */
export function classifySides(src: number, dst: number, ownConfigured: boolean, targetIsSource: boolean): Sides {
  if ((src & (SIDE_PRESENT | SIDE_VALID)) === SIDE_PRESENT || (dst & (SIDE_PRESENT | SIDE_VALID)) === SIDE_PRESENT) return 'bad_address';
  if (src === 0 && dst === 0) return 'no_address';
  let remoteIsSource: boolean;
  if (ownConfigured) {
    const srcOwn = (src & SIDE_OWN) !== 0;
    const dstOwn = (dst & SIDE_OWN) !== 0;
    if (srcOwn && dstOwn) return 'internal';
    remoteIsSource = !srcOwn;
  } else remoteIsSource = !targetIsSource;
  const remote = remoteIsSource ? src : dst;
  if ((remote & SIDE_VALID) === 0 || (remote & SIDE_RESERVED) !== 0) return 'internal';
  return remoteIsSource ? 'remote_src' : 'remote_dst';
}
