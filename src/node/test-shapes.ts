/** Shape comparison for contract tests against real MISP bodies: same keys, same JSON kinds. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const MISP_DATA = path.resolve(process.cwd(), '../shared/data/misp');

export function readMisp(rel: string): any {
  return JSON.parse(readFileSync(path.join(MISP_DATA, rel), 'utf8'));
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Differences between `ours` and the real body `theirs`: keys of theirs missing from ours (minus `optional`)
 * and keys whose JSON kind differs (null matches anything: MISP writes null for unset values).
 */
export function shapeDiff(ours: Record<string, unknown>, theirs: Record<string, unknown>, optional: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(theirs)) {
    if (optional.includes(k)) continue;
    if (!(k in ours)) out.push(`missing ${k}`);
    else if (v !== null && ours[k] !== null && kind(v) !== kind(ours[k])) out.push(`${k}: ${kind(ours[k])} vs MISP ${kind(v)}`);
  }
  return out;
}
