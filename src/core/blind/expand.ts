/**
 * Searcher side: the OPRF inputs a batch of normalised search values expands to, and which value each
 * input serves. Mirrors the plain planner (`core/matching/plan.ts`): parent domains up to the registrable
 * domain for hosts, CIDR probes only for routable addresses and ranges the plain search would probe.
 */
import { parentDomains, urlHost } from '../indicators/domain.ts';
import { isNonRoutable, parseIp } from '../indicators/ip.ts';
import { ipEntry } from '../matching/index-entries.ts';
import type { MatchKind } from '../matching/lookup-types.ts';
import { searchHalves, URL_TYPES, type SearchValue } from '../matching/plan.ts';
import { coverText, parseBlock, subPrefixTexts, type IpBlock } from './ip-prefix.ts';
import { DEFAULT_PROFILE, levelsOf, type BlindProfile, type SetShape } from './profile.ts';
import { tokenInput, type TokenKind } from './token-input.ts';

/** Why an input was made for a value. `within` carries the searched range when the marker is coarser than it. */
export interface InputRef {
  value: number;
  kind: TokenKind;
  /** Set on a `cidr-within` input whose marker covers more than the searched range: filter hits by it. */
  within?: IpBlock;
  /**
   * Set on an `exact` input made from part of the value, as the plain planner does: a searched URL's host
   * or one of its parents (`url-host`), or a half of a searched composite (`half`).
   */
  via?: 'url-host' | 'half';
}

export interface Expansion {
  /** Distinct OPRF inputs, in first-use order. */
  inputs: string[];
  /** refs[i]: the values input i serves. */
  refs: InputRef[][];
  /** Values that cannot be searched blind, with the reason (they are left out of `inputs`). */
  errors: Array<{ value: number; reason: string }>;
}

const HOST_TYPES = new Set(['domain', 'hostname']);
const IP_TYPES = new Set(['ip-dst', 'ip-src']);
const KEY_KINDS: readonly MatchKind[] = ['exact', 'composite', 'url-host'];

/** CIDR inputs for one searched address or range (see the mapping in `owner-tokens.ts`). */
function cidrInputs(b: IpBlock, shape: SetShape, profile: BlindProfile): { inputs: Array<{ text: string; kind: TokenKind; within?: IpBlock }>; error?: string } {
  const out: Array<{ text: string; kind: TokenKind; within?: IpBlock }> = [];
  const levels = levelsOf(shape.cidrLevels, b.version);
  // Stored ranges containing the searched block: its cover at every level up to its own length …
  for (const l of levels) if (l <= b.len) out.push({ text: coverText(b, l), kind: 'cidr' });
  if (b.len === (b.version === 4 ? 32 : 128)) return { inputs: out };
  // … and, for stored ranges tokenised at the next level down, the first sub-prefix of the searched range.
  const next = levels.find((l) => l > b.len);
  if (next !== undefined) out.push({ text: subPrefixTexts({ ...b, len: next }, next)[0]!, kind: 'cidr' });
  // Stored addresses and ranges inside the searched range: the within-markers that tile it.
  const wl = levelsOf(shape.withinLevels, b.version);
  const w = wl.find((l) => l >= b.len);
  if (w !== undefined) {
    if (2 ** (w - b.len) + out.length > profile.maxInputsPerValue) return { inputs: [], error: `range /${b.len} is too broad for blind search` };
    for (const t of subPrefixTexts(b, w)) out.push({ text: t, kind: 'cidr-within' });
  } else if (wl.length > 0) {
    out.push({ text: coverText(b, wl[wl.length - 1]!), kind: 'cidr-within', within: b });
  }
  return { inputs: out };
}

/**
 * Expands normalised values to OPRF inputs for the enabled match kinds. `shape` is the union of the
 * target token sets' shapes (`unionShape`), so one blinded batch serves every node.
 */
export function expandSearch(values: readonly SearchValue[], kinds: Iterable<MatchKind>, shape: SetShape, profile: BlindProfile = DEFAULT_PROFILE): Expansion {
  const on = new Set(kinds);
  const index = new Map<string, number>();
  const exp: Expansion = { inputs: [], refs: [], errors: [] };
  const add = (input: string, ref: InputRef) => {
    let i = index.get(input);
    if (i === undefined) {
      i = exp.inputs.length;
      index.set(input, i);
      exp.inputs.push(input);
      exp.refs.push([]);
    }
    exp.refs[i]!.push(ref);
  };
  values.forEach((sv, value) => {
    const mine: Array<[string, InputRef]> = [];
    if (KEY_KINDS.some((k) => on.has(k))) mine.push([tokenInput('exact', sv.value), { value, kind: 'exact' }]);
    if (on.has('subdomain') && HOST_TYPES.has(sv.type)) {
      for (const p of parentDomains(sv.value)) if (p !== sv.value) mine.push([tokenInput('subdomain', p), { value, kind: 'subdomain' }]);
    }
    /** CIDR inputs for an address or range the value carries; false when it is too broad (an error). */
    const cidr = (ip: string): boolean => {
      if (!on.has('cidr') || isNonRoutable(ip)) return true;
      const entry = ipEntry(ip);
      const b = entry && !('tooBroad' in entry && entry.tooBroad) ? parseBlock(ip) : null;
      if (!b) return true;
      const c = cidrInputs(b, shape, profile);
      if (c.error) {
        exp.errors.push({ value, reason: c.error });
        return false;
      }
      for (const t of c.inputs) mine.push([tokenInput(t.kind, t.text), t.within ? { value, kind: t.kind, within: t.within } : { value, kind: t.kind }]);
      return true;
    };
    if (IP_TYPES.has(sv.type) && !cidr(sv.value)) return;
    const host = URL_TYPES.has(sv.type) ? urlHost(sv.value) : null;
    if (host) {
      if (on.has('url-host')) for (const h of new Set([host, ...parentDomains(host)])) mine.push([tokenInput('exact', h), { value, kind: 'exact', via: 'url-host' }]);
      if (parseIp(host) && !cidr(host)) return;
    } else if (!URL_TYPES.has(sv.type) && on.has('composite')) {
      for (const half of searchHalves(sv.type, sv.value)) {
        if (half === '' || half === sv.value) continue;
        mine.push([tokenInput('exact', half), { value, kind: 'exact', via: 'half' }]);
        if (parseIp(half) && !cidr(half)) return;
      }
    }
    if (mine.length > profile.maxInputsPerValue) {
      exp.errors.push({ value, reason: `expands to ${mine.length} inputs, more than ${profile.maxInputsPerValue}` });
      return;
    }
    for (const [input, ref] of mine) add(input, ref);
  });
  return exp;
}
