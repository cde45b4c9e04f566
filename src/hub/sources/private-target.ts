/**
 * Whether a source URL points at a private, loopback or otherwise non-public address (literal or via
 * DNS). Check errors for such targets are withheld unless the operator allows private sources, so that
 * source checks cannot be used to scan the hub's own network.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

const isPublic = (ip: string): boolean => {
  try {
    return ipaddr.process(ip).range() === 'unicast';
  } catch {
    return false;
  }
};

/** True when the URL's host is, or resolves to, any non-public address (unresolvable hosts count as private). */
export async function isPrivateTarget(url: string): Promise<boolean> {
  // A NATS source names a subject on the hub's own NATS connection, not an address: nothing to probe.
  if (url.startsWith('nats:')) return false;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return true;
  }
  if (ipaddr.isValid(host)) return !isPublic(host);
  try {
    const addrs = await lookup(host, { all: true, verbatim: true });
    return addrs.length === 0 || addrs.some((a) => !isPublic(a.address));
  } catch {
    return true;
  }
}

/** The one message a withheld check failure shows, whatever happened (refused, timeout, bad key…). */
export const WITHHELD_CHECK_MESSAGE = 'the source gave no usable answer (details are withheld for private and loopback addresses unless the hub allows such sources)';
