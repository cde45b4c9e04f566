/**
 * Maps a parsed STIX pattern to MISP attribute (type, value) pairs. OR gives one attribute per branch;
 * AND groups map only to MISP composites (file name + hash, IP + port, domain + IP) or to several
 * hashes of one file. Everything else is reported with a reason, never guessed.
 */
import { parsePattern, pathString, PatternError, type Comparison, type ComparisonExpr, type ObservationExpr } from './pattern.ts';

export interface MappedValue {
  type: string;
  value: string;
}

export interface PatternMapping {
  values: MappedValue[];
  /** Parts of the pattern that could not be mapped, with the reason. */
  problems: string[];
}

const HASH_TYPES: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  'sha-1': 'sha1',
  sha256: 'sha256',
  'sha-256': 'sha256',
  sha512: 'sha512',
  'sha-512': 'sha512',
};

/** Normalises a STIX hash name (`md5`, `SHA256`, `'SHA-256'`) to the MISP type, or null. */
export function hashType(name: string): string | null {
  return HASH_TYPES[name.toLowerCase()] ?? null;
}

type Leaf = { role: string; value: string };

function leafRole(c: Comparison): Leaf | string {
  const p = pathString(c.path);
  if (c.negated || c.op !== '=') return `${p} ${c.negated ? 'NOT ' : ''}${c.op} is not an equality`;
  const v = c.value;
  let value: string;
  if (v.kind === 'string') value = v.value;
  else if (v.kind === 'int') value = String(v.value);
  else return `${p} compares with a ${v.kind} literal`;
  const t = c.path.objectType;
  const s = c.path.steps;
  const one = s.length === 1 ? s[0] : undefined;
  if ((t === 'ipv4-addr' || t === 'ipv6-addr') && one === 'value') return { role: 'ip', value };
  if (t === 'domain-name' && one === 'value') return { role: 'domain', value };
  if (t === 'url' && one === 'value') return { role: 'url', value };
  if (t === 'email-addr' && one === 'value') return { role: 'email', value };
  if (t === 'autonomous-system' && one === 'number') return { role: 'as', value };
  if (t === 'file' && one === 'name') return { role: 'filename', value };
  if (t === 'file' && s.length === 2 && s[0] === 'hashes' && typeof s[1] === 'string') {
    const h = hashType(s[1]);
    if (h) return { role: `hash:${h}`, value };
    return `${p}: unsupported hash algorithm`;
  }
  if (t === 'network-traffic' && s[0] === 'dst_ref' && s[1] === 'value' && s.length === 2) return { role: 'nt-ip', value };
  if (t === 'network-traffic' && s[0] === 'dst_ref' && s[1] === 'type' && s.length === 2) return { role: 'nt-type', value };
  if (t === 'network-traffic' && one === 'dst_port') return { role: 'nt-port', value };
  if (t === 'domain-name' && s[0] === 'resolves_to_refs' && s[2] === 'value' && s.length === 3) return { role: 'resolves', value };
  return `${p} has no MISP equivalent`;
}

const SINGLE: Record<string, string> = { ip: 'ip-dst', domain: 'domain', url: 'url', email: 'email-src', as: 'AS', filename: 'filename' };

function mapGroup(leaves: Leaf[]): MappedValue[] | string {
  const roles = new Map<string, string[]>();
  for (const l of leaves) roles.set(l.role, [...(roles.get(l.role) ?? []), l.value]);
  const only = (...allowed: string[]): boolean => [...roles.keys()].every((r) => allowed.includes(r));
  const hashes = [...roles.keys()].filter((r) => r.startsWith('hash:'));
  if (leaves.length === 1) {
    const l = leaves[0]!;
    if (l.role.startsWith('hash:')) return [{ type: l.role.slice(5), value: l.value }];
    const t = SINGLE[l.role];
    return t ? [{ type: t, value: l.value }] : `${l.role} alone is not an indicator`;
  }
  if (roles.has('filename') && hashes.length >= 1 && only('filename', ...hashes) && roles.get('filename')!.length === 1) {
    const name = roles.get('filename')![0]!;
    return hashes.flatMap((h) => roles.get(h)!.map((v) => ({ type: `filename|${h.slice(5)}`, value: `${name}|${v}` })));
  }
  if (hashes.length >= 1 && only(...hashes)) return hashes.flatMap((h) => roles.get(h)!.map((v) => ({ type: h.slice(5), value: v })));
  if (only('nt-ip', 'nt-port', 'nt-type') && roles.get('nt-ip')?.length === 1 && roles.get('nt-port')?.length === 1) {
    return [{ type: 'ip-dst|port', value: `${roles.get('nt-ip')![0]}|${roles.get('nt-port')![0]}` }];
  }
  if (only('domain', 'resolves') && roles.get('domain')?.length === 1 && roles.get('resolves')?.length === 1) {
    return [{ type: 'domain|ip', value: `${roles.get('domain')![0]}|${roles.get('resolves')![0]}` }];
  }
  return `AND of ${[...roles.keys()].join(', ')} has no MISP equivalent`;
}

/** Flattens a comparison expression into OR-alternatives, each an AND group of comparisons. */
function alternatives(e: ComparisonExpr): Comparison[][] | string {
  if (e.kind === 'cmp') return [[e]];
  if (e.kind === 'or') {
    const out: Comparison[][] = [];
    for (const it of e.items) {
      const a = alternatives(it);
      if (typeof a === 'string') return a;
      out.push(...a);
    }
    return out;
  }
  let acc: Comparison[][] = [[]];
  for (const it of e.items) {
    const a = alternatives(it);
    if (typeof a === 'string') return a;
    if (a.length > 1 && acc.length * a.length > 64) return 'AND of OR groups is too large';
    acc = acc.flatMap((x) => a.map((y) => [...x, ...y]));
  }
  return acc;
}

function observations(e: ObservationExpr, out: ComparisonExpr[]): string | null {
  if (e.kind === 'obs') {
    out.push(e.expr);
    return null;
  }
  if (e.kind === 'followedby') return 'FOLLOWEDBY sequences have no MISP equivalent';
  for (const it of e.items) {
    const p = observations(it, out);
    if (p) return p;
  }
  return null;
}

/** Parses and maps a STIX pattern; a parse error or an unmappable pattern gives problems and no values. */
export function mapPattern(pattern: string): PatternMapping {
  let ast: ObservationExpr;
  try {
    ast = parsePattern(pattern);
  } catch (e) {
    if (e instanceof PatternError) return { values: [], problems: [`invalid pattern: ${e.message}`] };
    throw e;
  }
  const exprs: ComparisonExpr[] = [];
  const obsProblem = observations(ast, exprs);
  if (obsProblem) return { values: [], problems: [obsProblem] };
  const values: MappedValue[] = [];
  const problems: string[] = [];
  for (const expr of exprs) {
    const alts = alternatives(expr);
    if (typeof alts === 'string') {
      problems.push(alts);
      continue;
    }
    for (const group of alts) {
      const leaves: Leaf[] = [];
      let bad: string | null = null;
      for (const c of group) {
        const l = leafRole(c);
        if (typeof l === 'string') bad = l;
        else leaves.push(l);
      }
      if (bad) {
        problems.push(bad);
        continue;
      }
      const m = mapGroup(leaves);
      if (typeof m === 'string') problems.push(m);
      else values.push(...m);
    }
  }
  return { values, problems };
}
