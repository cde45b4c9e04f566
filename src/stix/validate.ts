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
import { checkStructure } from './structure.ts';

export { checkStructure };

export interface StixProblem {
  index: number;
  id?: string;
  message: string;
}

export interface StixValidation {
  valid: boolean;
  errors: StixProblem[];
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
