/**
 * Local value search, shared by the CLI, the node's federation endpoint and restSearch: normalise the
 * inputs, plan the index probes for the enabled match kinds, run one batch lookup, and return per-input
 * hits (each saying how it matched) with warninglist flags.
 */
import { MATCH_KINDS, type MatchKind } from '../contracts/match-kinds.ts';
import { classifyRows, type Hit } from '../core/matching/classify.ts';
import { planLookup, type SearchValue } from '../core/matching/plan.ts';
import { normalize } from '../core/indicators/normalize.ts';
import type { Viewer } from '../core/sharing/access.ts';
import type { WarninglistSet } from '../core/warninglists/warninglist-set.ts';
import type { IntelStore, LookupRow } from '../storage/port.ts';

export interface ValueSearchResult {
  input: string;
  type?: string;
  value?: string;
  /** Why the input could not be read (then `hits` is empty). */
  error?: string;
  hits: Hit<LookupRow>[];
  /** Names of warninglists that flag the value. */
  warninglists: string[];
}

export interface SearchOptions {
  viewer: Viewer;
  /** Enabled match kinds; all by default. */
  kinds?: readonly MatchKind[];
  warninglists?: WarninglistSet;
  /** Look up the halves of searched composites too (default true; MISP restSearch semantics: false). */
  searchHalves?: boolean;
}

/** Searches already-normalised values; one result per value, in order. */
export async function searchNormalized(store: IntelStore, values: readonly SearchValue[], opts: SearchOptions): Promise<ValueSearchResult[]> {
  const plan = planLookup(values, opts.kinds ?? MATCH_KINDS, opts.searchHalves === false ? { searchHalves: false } : {});
  const rows = values.length ? await store.lookup(plan.probes, opts.viewer) : [];
  const hits = classifyRows(plan, values.length, rows);
  return values.map((v, i) => ({
    input: v.value,
    type: v.type,
    value: v.value,
    hits: hits[i] ?? [],
    warninglists: opts.warninglists?.check(v.type, v.value) ?? [],
  }));
}

/** Normalises raw inputs (refang, detect type, canonicalise) and searches them; unreadable inputs carry `error`. */
export async function searchValues(store: IntelStore, inputs: readonly string[], opts: SearchOptions): Promise<ValueSearchResult[]> {
  const normalized = inputs.map((input) => normalize(input));
  const ok: SearchValue[] = [];
  const at: number[] = [];
  normalized.forEach((n, i) => {
    if (n.ok) {
      at.push(i);
      ok.push({ type: n.type, value: n.value });
    }
  });
  const found = await searchNormalized(store, ok, opts);
  const out: ValueSearchResult[] = normalized.map((n) =>
    n.ok ? { input: n.input, hits: [], warninglists: [] } : { input: n.input, error: n.error, hits: [], warninglists: [] },
  );
  at.forEach((idx, j) => {
    out[idx] = { ...found[j]!, input: inputs[idx]! };
  });
  return out;
}
