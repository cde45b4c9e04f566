/**
 * `renkei agent anonymise`: the same log lines with every IP address replaced by its Crypto-PAn pseudonym
 * (IPv6 in RFC 5952 form), for members who share raw logs with a partner. `community_id` is always removed
 * from JSON (it is an unkeyed hash of the real addresses); `dropNames` also removes host names, URLs, SNI,
 * DNS names, payloads and interface names.
 */
import type { CryptoPan } from '../cryptopan/cryptopan.ts';
import { formatIPv4, formatIPv6, parseIp } from '../../core/net/ip-fast.ts';

const TOKEN = /[0-9A-Fa-f:.]+/g;
const WORD = /[A-Za-z0-9_]/;

/** Keys whose values name hosts, URLs or content (removed with --drop-names), at any depth. */
const NAME_KEYS = new Set([
  'hostname', 'url', 'http_refer', 'http_user_agent', 'xff', 'redirect', 'sni', 'subject', 'issuerdn', 'serial',
  'rrname', 'rdata', 'mname', 'rname', 'grouped', 'payload', 'payload_printable', 'packet', 'filename', 'in_iface',
  'ether', 'host', 'server_name', 'fqdn', 'domain', 'query', 'uri', 'user_agent', 'from', 'to', 'cc', 'helo',
  'base_object', 'dn', 'smb', 'krb5', 'sip', 'ftp', 'ftp_data', 'tftp', 'email', 'smtp', 'ldap', 'rdp', 'snmp',
]);

/** A cached pseudonymiser for text addresses. */
export function addressMapper(pan: CryptoPan): (ip: string) => string | null {
  const cache = new Map<string, string | null>();
  return (ip) => {
    let r = cache.get(ip);
    if (r === undefined) {
      const p = parseIp(ip);
      r = p ? (p.v === 4 ? formatIPv4(pan.anonymiseV4Number(p.n)) : formatIPv6(pan.anonymiseV6Bytes(p.b))) : null;
      if (cache.size > 200_000) cache.clear();
      cache.set(ip, r);
    }
    return r;
  };
}

function isAddress(t: string): boolean {
  return (t.includes('.') || t.split(':').length > 2) && t !== '::' && parseIp(t) !== null;
}

/** Replaces every IPv4/IPv6 address in free text (also `addr:port` and IPv6 `addr:port` forms). */
export function replaceAddresses(text: string, map: (ip: string) => string | null): string {
  return text.replace(TOKEN, (tok, offset: number) => {
    const before = offset > 0 ? text[offset - 1]! : ' ';
    const after = text[offset + tok.length] ?? ' ';
    if (WORD.test(before) || WORD.test(after)) return tok;
    let lead = '';
    let t = tok;
    if (t.startsWith(':') && !t.startsWith('::')) {
      lead = ':';
      t = t.slice(1);
    }
    let trail = '';
    if (t.endsWith('.') && !isAddress(t)) {
      trail = '.';
      t = t.slice(0, -1);
    }
    if (isAddress(t)) return lead + (map(t) ?? t) + trail;
    const at = t.lastIndexOf(':');
    if (at > 0 && /^\d{1,5}$/.test(t.slice(at + 1)) && isAddress(t.slice(0, at))) return lead + (map(t.slice(0, at)) ?? t.slice(0, at)) + t.slice(at) + trail;
    return tok;
  });
}

function dropKeys(v: unknown, drop: boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => dropKeys(x, drop));
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'community_id') continue;
    if (drop && NAME_KEYS.has(k)) continue;
    out[k] = dropKeys(x, drop);
  }
  return out;
}

/** Rewrites one log line. JSON lines are re-serialised only when something must be removed. */
export function anonymiseLine(line: string, map: (ip: string) => string | null, dropNames: boolean): string {
  const t = line.trimStart();
  if (t.startsWith('{') && (dropNames || line.includes('community_id'))) {
    try {
      return replaceAddresses(JSON.stringify(dropKeys(JSON.parse(line), dropNames)), map);
    } catch {
      // Not JSON after all: fall through to text replacement.
    }
  }
  return replaceAddresses(line, map);
}
