/**
 * Deterministic STIX ids. SCO ids follow STIX 2.1 §2.9: UUIDv5 in the OASIS namespace over the JCS
 * (RFC 8785) form of the id-contributing properties; for `hashes` only the first of MD5, SHA-1,
 * SHA-256, SHA-512 counts (as cti-python-stix2 does). Other ids derive from Renkei uuids.
 */
import canonicalizeCjs from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';

export const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Namespace for ids Renkei derives from its own uuids (identities, SCO-less objects). */
export const RENKEI_STIX_NAMESPACE = 'c6f1a2b0-7d44-4b8e-9a1f-52e3d7a6b901';

const CONTRIBUTING: Record<string, string[]> = {
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  'mac-addr': ['value'],
  'autonomous-system': ['number'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
};

// canonicalize is CommonJS: at run time the default import is the function itself.
const canonicalize = canonicalizeCjs as unknown as (input: unknown) => string | undefined;

const HASH_ORDER = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/** The deterministic id of an SCO from its type and properties. */
export function scoId(type: string, props: Record<string, unknown>): string {
  const keys = CONTRIBUTING[type];
  if (!keys) throw new Error(`no id-contributing properties known for ${type}`);
  const obj: Record<string, unknown> = {};
  for (const k of keys) {
    const v = props[k];
    if (v === undefined) continue;
    if (k === 'hashes' && typeof v === 'object' && v !== null) {
      const h = v as Record<string, string>;
      const first = HASH_ORDER.find((n) => h[n] !== undefined);
      if (first) obj.hashes = { [first]: h[first] };
      continue;
    }
    obj[k] = v;
  }
  return `${type}--${uuidv5(canonicalize(obj) ?? '{}', SCO_NAMESPACE)}`;
}

/** A stable STIX id for a Renkei/MISP object: the uuid itself when valid, else derived from it. */
export function stixId(type: string, uuid: string): string {
  const ok = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(uuid);
  return `${type}--${ok ? uuid.toLowerCase() : uuidv5(`${type}|${uuid}`, RENKEI_STIX_NAMESPACE)}`;
}
