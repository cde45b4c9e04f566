/**
 * Which side of an event is the member's customer. With own networks configured, the side inside them;
 * otherwise the rule's declared target, else the destination (inbound alerts). Reserved space on the
 * remote side means the event is internal and is not shared.
 */
import { parseIp, type ParsedIp } from '../net/ip.ts';
import { RESERVED, type NetworkSet } from './networks.ts';
import type { LogEvent } from '../parse/types.ts';

/** The two sides of an event, or why it is not shared. */
export type Sides =
  | { ok: true; remote: string; remoteIp: ParsedIp; customer: string | null; customerIp: ParsedIp | null; remoteIsSource: boolean }
  | { ok: false; reason: 'bad_address' | 'no_address' | 'internal' };

/** Classifies an event's addresses into remote (attacker side, shared as country/ASN/sketch) and customer. */
export function classifySides(e: LogEvent, own: NetworkSet): Sides {
  const src = e.srcIp !== null ? parseIp(e.srcIp) : null;
  const dst = e.destIp !== null ? parseIp(e.destIp) : null;
  if ((e.srcIp !== null && !src) || (e.destIp !== null && !dst)) return { ok: false, reason: 'bad_address' };
  if (!src && !dst) return { ok: false, reason: 'no_address' };
  let remoteIsSource: boolean;
  if (own.size > 0) {
    const srcOwn = src !== null && own.has(src);
    const dstOwn = dst !== null && own.has(dst);
    if (srcOwn && dstOwn) return { ok: false, reason: 'internal' };
    remoteIsSource = srcOwn ? false : true;
  } else if (e.targetIp !== null && e.targetIp === e.srcIp) remoteIsSource = false;
  else remoteIsSource = true;
  const remote = remoteIsSource ? src : dst;
  const customer = remoteIsSource ? dst : src;
  if (!remote || RESERVED.has(remote)) return { ok: false, reason: 'internal' };
  return {
    ok: true,
    remote: (remoteIsSource ? e.srcIp : e.destIp)!,
    remoteIp: remote,
    customer: remoteIsSource ? e.destIp : e.srcIp,
    customerIp: customer,
    remoteIsSource,
  };
}
