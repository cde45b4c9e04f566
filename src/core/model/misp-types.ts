/**
 * MISP type facts the importers need: default category and `to_ids` per type, and how loose type
 * names in CSV lists (ThreatFox `sha256_hash`, Unit 42 `Domain`) map to MISP attribute types.
 */

const NETWORK = 'Network activity';
const PAYLOAD = 'Payload delivery';

const CATEGORY: Record<string, string> = {
  'ip-src': NETWORK,
  'ip-dst': NETWORK,
  'ip-src|port': NETWORK,
  'ip-dst|port': NETWORK,
  domain: NETWORK,
  hostname: NETWORK,
  'hostname|port': NETWORK,
  'domain|ip': NETWORK,
  url: NETWORK,
  uri: NETWORK,
  AS: NETWORK,
  link: 'External analysis',
  'email-src': PAYLOAD,
  'email-dst': NETWORK,
  filename: PAYLOAD,
  text: 'Other',
  comment: 'Other',
};

/** MISP's default category for a type (hashes and unknown types: Payload delivery). */
export function defaultCategory(type: string): string {
  return CATEGORY[type] ?? PAYLOAD;
}

/** MISP's default `to_ids` (false for link, text, comment; true for indicator types). */
export function defaultToIds(type: string): boolean {
  return !['link', 'text', 'comment', 'other'].includes(type);
}

const HINTS: Record<string, string> = {
  url: 'url',
  uri: 'url',
  'download url': 'url',
  domain: 'domain',
  'domain-name': 'domain',
  hostname: 'hostname',
  host: 'hostname',
  ip: 'ip-dst',
  ipv4: 'ip-dst',
  ipv6: 'ip-dst',
  'ip-dst': 'ip-dst',
  'ip-src': 'ip-dst',
  'ipv4-addr': 'ip-dst',
  'ipv6-addr': 'ip-dst',
  cidr: 'ip-dst',
  'ip:port': 'ip-dst|port',
  'ip-dst|port': 'ip-dst|port',
  md5: 'md5',
  md5_hash: 'md5',
  sha1: 'sha1',
  sha1_hash: 'sha1',
  sha256: 'sha256',
  sha256_hash: 'sha256',
  sha512: 'sha512',
  email: 'email-src',
  'email-src': 'email-src',
  'email-dst': 'email-src',
  asn: 'AS',
  as: 'AS',
};

/** Types kept verbatim (never normalised) when a list names them. */
const VERBATIM: Record<string, string> = { filename: 'filename', 'file name': 'filename', text: 'text' };

/** Maps a list's type label to `{ normalize: type }` or `{ verbatim: type }`; `null` when unknown. */
export function typeFromHint(label: string): { normalize: string } | { verbatim: string } | null {
  const k = label.trim().toLowerCase();
  if (k === '') return null;
  const n = HINTS[k];
  if (n) return { normalize: n };
  const v = VERBATIM[k];
  if (v) return { verbatim: v };
  return null;
}
