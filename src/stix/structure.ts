/**
 * The built-in structural check of STIX 2.1 objects (no schema files needed): required properties,
 * id format, spec_version and timestamps. Kept apart from `validate.ts` so importers need no Ajv.
 */
const ID_RE = /^([a-z][a-z0-9-]+[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const TS_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;

const SCO_TYPES = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file',
  'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url',
  'user-account', 'windows-registry-key', 'x509-certificate',
]);

const REQUIRED: Record<string, string[]> = {
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  identity: ['name'],
  report: ['name', 'published', 'object_refs'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
  malware: ['is_family'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  'autonomous-system': ['number'],
};

const TIMESTAMPS = ['created', 'modified', 'valid_from', 'valid_until', 'published', 'first_observed', 'last_observed', 'first_seen', 'last_seen'];

/** Structural check of one object; returns problems (empty = fine). */
export function checkStructure(o: unknown): string[] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return ['not an object'];
  const r = o as Record<string, unknown>;
  const out: string[] = [];
  if (typeof r.type !== 'string') return ['missing type'];
  if (typeof r.id !== 'string' || !ID_RE.test(r.id)) out.push('id is not <type>--<uuid>');
  else if (!r.id.startsWith(`${r.type}--`)) out.push('id prefix does not match type');
  const sco = SCO_TYPES.has(r.type);
  if (!sco && r.spec_version !== '2.1') out.push('spec_version must be "2.1"');
  if (!sco && r.type !== 'marking-definition' && r.type !== 'bundle') {
    if (r.created === undefined) out.push('missing created');
    if (r.modified === undefined) out.push('missing modified');
  }
  for (const k of TIMESTAMPS) {
    if (r[k] !== undefined && (typeof r[k] !== 'string' || !TS_RE.test(r[k] as string))) out.push(`${k} is not a STIX timestamp`);
  }
  for (const k of REQUIRED[r.type] ?? []) if (r[k] === undefined) out.push(`missing ${k}`);
  if (r.type === 'file' && r.hashes === undefined && r.name === undefined) out.push('file needs hashes or name');
  if (typeof r.created === 'string' && typeof r.modified === 'string' && Date.parse(r.modified) < Date.parse(r.created)) out.push('modified is before created');
  return out;
}
