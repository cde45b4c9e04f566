/**
 * A blind cross-search through the hub, end to end at the searcher (CLI; browser-safe): normalise and
 * deduplicate locally, open the search at the hub (which learns only the count), run the protocol per
 * member through the hub's relay, and store the results in history sealed to the searcher's own key.
 */
import { decodeBytes } from '../../contracts/blind/bytes.ts';
import { encodeSealed } from '../../contracts/blind/context.ts';
import type { BlindEvaluateResponse } from '../../contracts/blind/evaluate.ts';
import type { BlindSetsResponse } from '../../contracts/blind/sets.ts';
import type { MemberHit, MemberResult, SearchResult, ValueResult } from '../../contracts/hub-api.ts';
import { normalize } from '../../core/indicators/normalize.ts';
import { openSealed, seal, type BoxKeyPair } from '../../core/blind/seal.ts';
import type { Voprf } from '../../core/blind/voprf.ts';
import type { MatchKind } from '../../core/matching/lookup-types.ts';
import { blindSearch, type BlindTransport, type Finalizer, type TokenSetCache } from './blind-searcher.ts';

export interface BlindHubOptions {
  baseUrl: string;
  apiKey: string;
  kinds: readonly MatchKind[];
  members?: string[];
  /** The searcher's own key for its history copy; without one, history keeps counts only. */
  historyKey?: BoxKeyPair;
  cache?: TokenSetCache;
  /** Where node answers are verified (default inline; the CLI passes a worker pool's). */
  finalize?: Finalizer;
  fetch?: typeof fetch;
}

export type BlindSearchResult = SearchResult & { blind: { members: { name: string; blind: boolean }[] } };

const historyAad = (id: string) => new TextEncoder().encode(`renkei/v1/blind-history|${id}`);

/** Opens a history copy sealed by `runBlindHubSearch`. */
export function openBlindHistory(key: BoxKeyPair, id: string, sealed: { epk: string; nonce: string; ciphertext: string }): BlindSearchResult {
  const bytes = openSealed(key, { epk: decodeBytes(sealed.epk), nonce: decodeBytes(sealed.nonce), ciphertext: decodeBytes(sealed.ciphertext) }, historyAad(id));
  return JSON.parse(new TextDecoder().decode(bytes)) as BlindSearchResult;
}

/** Runs one blind search via the hub. */
export async function runBlindHubSearch(voprf: Voprf, inputs: string[], opts: BlindHubOptions): Promise<BlindSearchResult> {
  const f = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const r = await f(base + path, { method: 'POST', headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    if (r.status === 204) return undefined as T;
    const json = (await r.json().catch(() => null)) as { error?: { message?: string; code?: string; details?: { reason?: string } } } | null;
    if (!r.ok) throw new Error(`${json?.error?.message ?? `hub answered HTTP ${r.status}`}${json?.error?.details?.reason ? ` (${json.error.details.reason})` : ''}`);
    return json as T;
  };
  const values: { input: string; type: string; value: string }[] = [];
  const rejected: { input: string; error: string }[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    if (input.trim() === '') continue;
    const n = normalize(input);
    if (!n.ok) {
      rejected.push({ input: n.input, error: n.error });
      continue;
    }
    const k = `${n.type}\u0000${n.value}`;
    if (!seen.has(k)) {
      seen.add(k);
      values.push({ input, type: n.type, value: n.value });
    }
  }
  const started = await post<{ id: string; members: string[] }>('/api/v1/blind/searches', { valueCount: Math.max(1, values.length), kinds: [...opts.kinds], ...(opts.members ? { members: opts.members } : {}) });
  const id = started.id;
  const transport: BlindTransport = {
    sets: (member, have) => post<BlindSetsResponse>(`/api/v1/blind/searches/${id}/sets`, { member, have }),
    evaluate: (member, epoch, blinded) => post<BlindEvaluateResponse>(`/api/v1/blind/searches/${id}/evaluate`, { member, epoch, blinded }),
    context: (member, epoch, sealed) => post(`/api/v1/blind/searches/${id}/context`, { member, epoch, sealed }),
  };
  const t0 = performance.now();
  const perMember = await blindSearch(voprf, transport, started.members, values, opts.kinds, { searchId: id, ...(opts.cache ? { cache: opts.cache } : {}), ...(opts.finalize ? { finalize: opts.finalize } : {}) });
  const latencyMs = Math.round(performance.now() - t0);
  const results: ValueResult[] = values.map((v) => ({ ...v, hits: {}, enrichment: null, details: [] }));
  const members: (MemberResult & { blind: boolean })[] = [];
  for (const m of perMember) {
    let total = 0;
    m.hits.forEach((hs, i) => {
      if (hs.length === 0) return;
      results[i]!.hits[m.member] = hs.length;
      results[i]!.details.push(...hs.map((h): MemberHit => ({ ...h, member: m.member, enrichment: null })));
      total += hs.length;
    });
    members.push({ name: m.member, status: m.status === 'ok' ? 'ok' : 'error', latencyMs, hits: total, error: m.error, blind: m.status !== 'error' || m.evaluated > 0 });
  }
  const result: BlindSearchResult = {
    id,
    createdAt: Date.now(),
    org: '',
    members: members.map(({ blind: _b, ...m }) => m),
    results,
    rejected,
    blind: { members: members.map((m) => ({ name: m.name, blind: m.blind })) },
  };
  const hitValueCount = results.filter((r) => Object.keys(r.hits).length > 0).length;
  const sealed = opts.historyKey ? encodeSealed(seal(opts.historyKey.publicKey, new TextEncoder().encode(JSON.stringify(result)), historyAad(id))) : null;
  await post(`/api/v1/blind/searches/${id}/finish`, { members, hitValueCount, sealed });
  return result;
}
