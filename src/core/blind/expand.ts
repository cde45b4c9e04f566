/**
 * Searcher side: the OPRF inputs a batch of normalised search values expands to, and which value each
 * input serves. Mirrors the plain planner (`core/matching/plan.ts`): parent domains up to the registrable
 * domain for hosts, CIDR probes only for routable addresses and ranges the plain search would probe.
 */
import { parentDomains } from '../indicators/domain.ts';
import { isNonRoutable } from '../indicators/ip.ts';
import { ipEntry } from '../matching/index-entries.ts';
import type { MatchKind } from '../matching/lookup-types.ts';
import type { SearchValue } from '../matching/plan.ts';
import { coverText, parseBlock, subPrefixTexts, type IpBlock } from './ip-prefix.ts';
import { DEFAULT_PROFILE, levelsOf, type BlindProfile, type SetShape } from './profile.ts';
import { tokenInput, type TokenKind } from './token-input.ts';

/** Why an input was made for a value. `within` carries the searched range when the marker is coarser than it. */
export interface InputRef {
  value: number;
  kind: TokenKind;
  /** Set on a `cidr-within` input whose marker covers more than the searched range: filter hits by it. */
  within?: IpBlock;
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
    if (on.has('cidr') && IP_TYPES.has(sv.type) && !isNonRoutable(sv.value)) {
      const entry = ipEntry(sv.value);
      const b = entry && !('tooBroad' in entry && entry.tooBroad) ? parseBlock(sv.value) : null;
      if (b) {
        const c = cidrInputs(b, shape, profile);
        if (c.error) {
          exp.errors.push({ value, reason: c.error });
          return;
        }
        for (const t of c.inputs) mine.push([tokenInput(t.kind, t.text), t.within ? { value, kind: t.kind, within: t.within } : { value, kind: t.kind }]);
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
