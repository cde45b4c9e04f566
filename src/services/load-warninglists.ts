/**
 * Loads MISP warninglist JSON files from a directory the user names (recursively, `*.json`, skipping
 * `_schema.json`-style files). Bad files are reported with a reason, never fatal.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { RenkeiError } from '../core/errors.ts';
import { parseWarninglist, type Warninglist } from '../core/warninglists/warninglist.ts';
import { WarninglistSet } from '../core/warninglists/warninglist-set.ts';

export interface LoadedWarninglists {
  set: WarninglistSet;
  errors: Array<{ file: string; reason: string }>;
}

async function jsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) out.push(...(await jsonFiles(p)));
    else if (ent.isFile() && ent.name.endsWith('.json') && !ent.name.startsWith('_')) out.push(p);
  }
  return out.sort();
}

/** Reads every warninglist in `dir`; throws `config_invalid` only when the directory itself is unreadable. */
export async function loadWarninglists(dir: string): Promise<LoadedWarninglists> {
  let files: string[];
  try {
    files = await jsonFiles(dir);
  } catch (e) {
    throw new RenkeiError('config_invalid', `cannot read warninglist directory ${dir}: ${(e as Error).message}`);
  }
  const lists: Warninglist[] = [];
  const errors: LoadedWarninglists['errors'] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (e) {
      errors.push({ file, reason: `invalid JSON: ${(e as Error).message}` });
      continue;
    }
    const parsed = parseWarninglist(json);
    if ('error' in parsed) errors.push({ file, reason: parsed.error });
    else lists.push(parsed);
  }
  return { set: new WarninglistSet(lists), errors };
}
