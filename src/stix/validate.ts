/**
 * STIX 2.1 validation. With the OASIS JSON Schema directory (a path the user gives; the product does not
 * ship it) objects are checked with Ajv 2020; without it a built-in structural check covers required
 * properties, id format and timestamps.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface StixProblem {
  index: number;
  id?: string;
  message: string;
}

export interface StixValidation {
  valid: boolean;
  errors: StixProblem[];
}

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

/** Built-in structural check of one object; returns problems (empty = fine). */
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

type Validators = Map<string, ValidateFunction>;
const cache = new Map<string, Validators>();

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...listJson(p));
    else if (f.endsWith('.json')) out.push(p);
  }
  return out;
}

function loadValidators(schemasDir: string): Validators {
  const hit = cache.get(schemasDir);
  if (hit) return hit;
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', true);
  const byType = new Map<string, string>();
  for (const file of listJson(schemasDir)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    ajv.addSchema(schema);
    const folder = path.basename(path.dirname(file));
    const name = path.basename(file, '.json');
    if (schema.$id && (folder !== 'common' || ['marking-definition', 'extension-definition', 'language-content', 'bundle'].includes(name))) {
      byType.set(name, schema.$id);
    }
  }
  const validators: Validators = new Map();
  for (const [type, id] of byType) {
    const v = ajv.getSchema(id);
    if (v) validators.set(type, v);
  }
  cache.set(schemasDir, validators);
  return validators;
}

/**
 * Validates STIX objects (or one bundle's objects). With `schemasDir` each object is checked against
 * its OASIS schema (unknown types only structurally); otherwise the structural check is used.
 */
export function validateStix(objects: readonly unknown[], schemasDir?: string): StixValidation {
  const validators = schemasDir ? loadValidators(schemasDir) : null;
  const errors: StixProblem[] = [];
  objects.forEach((o, index) => {
    const id = typeof (o as { id?: unknown })?.id === 'string' ? ((o as { id: string }).id) : undefined;
    const base = { index, ...(id ? { id } : {}) };
    for (const m of checkStructure(o)) errors.push({ ...base, message: m });
    const type = (o as { type?: unknown })?.type;
    const v = validators && typeof type === 'string' ? validators.get(type) : undefined;
    if (v && !v(o)) {
      for (const e of v.errors ?? []) errors.push({ ...base, message: `schema: ${e.instancePath || '/'} ${e.message ?? 'invalid'}` });
    }
  });
  return { valid: errors.length === 0, errors };
}
