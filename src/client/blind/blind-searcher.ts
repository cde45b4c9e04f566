/**
 * The searcher's side of a blind cross-search (CLI now, browser later: no Node imports). Values are
 * normalised by the caller; here they are expanded and blinded once, each node's answer is verified
 * against the key its token sets were published with, membership is tested locally, and only hits are
 * sent back, sealed, to ask for their context. Only blinded points, tags and ciphertext leave.
 */
import { decodeBytes, encodeBytes } from '../../contracts/blind/bytes.ts';
import { decodeContextResponseBody, decodeSealed, encodeContextRequestBody, encodeSealed, type SealedWire } from '../../contracts/blind/context.ts';
import type { BlindEvaluateResponse } from '../../contracts/blind/evaluate.ts';
import type { BlindSetsResponse, PublishedSetWire } from '../../contracts/blind/sets.ts';
import type { TokenSetDescriptor } from '../../contracts/blind/token-set.ts';
import type { HitContext } from '../../contracts/federation.ts';
import { classifyBlindHits } from '../../core/blind/classify.ts';
import { hitsIn, openContextResponse, prepareBlindQuery, sealContextRequest } from '../../core/blind/searcher.ts';
import { TokenSet } from '../../core/blind/token-set.ts';
import { ProofError, type BlindedBatch, type EvaluatedBatch, type Voprf } from '../../core/blind/voprf.ts';
import type { MatchKind } from '../../core/matching/lookup-types.ts';
import type { SearchValue } from '../../core/matching/plan.ts';

/** How the searcher reaches one member's node (through the hub, which signs and relays). */
export interface BlindTransport {
  sets(member: string, have: { audience: string; epoch: number; version: number }[]): Promise<BlindSetsResponse>;
  evaluate(member: string, epoch: number, blinded: string[]): Promise<BlindEvaluateResponse>;
  context(member: string, epoch: number, sealed: SealedWire): Promise<{ sealed: SealedWire }>;
}

export interface MemberBlindResult {
  member: string;
  status: 'ok' | 'error' | 'proof_failed';
  error: string | null;
  /** Hit contexts per searched value (same order as the values). */
  hits: HitContext[][];
  /** Inputs evaluated (what the node's budget was charged). */
  evaluated: number;
}

/**
 * Verifies one node's answer and unblinds it (`Voprf.finalizeBatch`; throws `ProofError`). The CPU-heavy
 * step of the searcher, once per node: the CLI runs it on worker threads (`createFinalizePool`) so the
 * answers of several nodes are checked at the same time; the default runs it inline.
 */
export type Finalizer = (batch: BlindedBatch, answer: EvaluatedBatch, publicKey: Uint8Array) => Promise<Uint8Array[]>;

/** Cached token sets per member, updated by deltas between searches. */
export class TokenSetCache {
  readonly #sets = new Map<string, { descriptor: TokenSetDescriptor; set: TokenSet }>();

  have(member: string): { audience: string; epoch: number; version: number }[] {
    return [...this.#sets.entries()].filter(([k]) => k.startsWith(`${member}\u0000`)).map(([, v]) => ({ audience: v.descriptor.audience, epoch: v.descriptor.epoch, version: v.descriptor.version }));
  }

  /** Applies a node's answer; returns the member's current sets. */
  apply(member: string, res: BlindSetsResponse): { descriptor: TokenSetDescriptor; set: TokenSet }[] {
    const out: { descriptor: TokenSetDescriptor; set: TokenSet }[] = [];
    for (const s of res.sets) {
      const key = `${member}\u0000${s.descriptor.audience}`;
      const entry = this.#resolve(this.#sets.get(key), s);
      if (entry.set.size !== s.descriptor.size) throw new RangeError(`token set of ${member}/${s.descriptor.audience} does not match its descriptor`);
      this.#sets.set(key, entry);
      out.push(entry);
    }
    return out;
  }

  #resolve(cur: { descriptor: TokenSetDescriptor; set: TokenSet } | undefined, s: PublishedSetWire): { descriptor: TokenSetDescriptor; set: TokenSet } {
    if (s.tags !== undefined) return { descriptor: s.descriptor, set: TokenSet.fromBytes(decodeBytes(s.tags), s.descriptor.version) };
    if (!cur || cur.descriptor.epoch !== s.descriptor.epoch) throw new RangeError('node sent deltas for a set this searcher does not hold');
    let set = cur.set;
    for (const d of s.deltas ?? []) {
      set = set.applyDelta({ fromVersion: d.fromVersion, toVersion: d.toVersion, added: TokenSet.fromBytes(decodeBytes(d.added)).tags, removed: TokenSet.fromBytes(decodeBytes(d.removed)).tags });
    }
    return { descriptor: s.descriptor, set };
  }
}

/** Runs one blind search over the given members; never throws for one member's failure. */
export async function blindSearch(
  voprf: Voprf,
  transport: BlindTransport,
  members: readonly string[],
  values: readonly SearchValue[],
  kinds: readonly MatchKind[],
  opts: { searchId: string; cache?: TokenSetCache; finalize?: Finalizer },
): Promise<MemberBlindResult[]> {
  const cache = opts.cache ?? new TokenSetCache();
  const finalize: Finalizer = opts.finalize ?? (async (batch, answer, pk) => voprf.finalizeBatch(batch, answer, pk));
  const empty = (): HitContext[][] => values.map(() => []);
  const fetched = await Promise.all(
    members.map(async (m) => {
      try {
        return { m, sets: cache.apply(m, await transport.sets(m, cache.have(m))) };
      } catch (e) {
        return { m, error: (e as Error).message };
      }
    }),
  );
  const ok = fetched.filter((f): f is { m: string; sets: { descriptor: TokenSetDescriptor; set: TokenSet }[] } => 'sets' in f && f.sets !== undefined && f.sets.length > 0);
  // One expansion and one blinding for every node: the union of the levels they publish.
  const query = prepareBlindQuery(voprf, values, kinds, ok.flatMap((f) => f.sets.map((s) => s.descriptor.shape)));
  const blinded = query.batch.blinded.map(encodeBytes);
  return Promise.all(
    fetched.map(async (f): Promise<MemberBlindResult> => {
      const base = { member: f.m, hits: empty(), evaluated: 0 };
      if ('error' in f) return { ...base, status: 'error', error: f.error ?? 'error' };
      if (f.sets.length === 0) return { ...base, status: 'ok', error: null };
      if (blinded.length === 0) return { ...base, status: 'ok', error: null };
      const d0 = f.sets[0]!.descriptor;
      if (f.sets.some((s) => s.descriptor.publicKey !== d0.publicKey || s.descriptor.epoch !== d0.epoch)) return { ...base, status: 'proof_failed', error: 'token sets published with different keys' };
      try {
        const answer = await transport.evaluate(f.m, d0.epoch, blinded);
        let match;
        try {
          const outputs = await finalize(query.batch, { evaluated: answer.evaluated.map(decodeBytes), proof: decodeBytes(answer.proof) }, decodeBytes(d0.publicKey));
          match = { outputs, hits: hitsIn(outputs, f.sets.map((s) => s.set)) };
        } catch (e) {
          if (e instanceof ProofError || e instanceof RangeError) return { ...base, evaluated: blinded.length, status: 'proof_failed', error: `node answer failed the proof check: ${(e as Error).message}` };
          throw e;
        }
        if (match.hits.length === 0) return { ...base, evaluated: blinded.length, status: 'ok', error: null };
        const node = { id: d0.node, epoch: d0.epoch, boxPublicKey: decodeBytes(d0.boxPublicKey) };
        const { sealed, replyKey } = sealContextRequest({ searchId: opts.searchId, outputs: match.hits.map((h) => match.outputs[h]!) }, node, encodeContextRequestBody);
        const res = await transport.context(f.m, d0.epoch, encodeSealed(sealed));
        const hits = decodeContextResponseBody(openContextResponse(replyKey, decodeSealed(res.sealed), opts.searchId, node));
        const index = new Map(match.outputs.map((o, i) => [encodeBytes(o), i]));
        const byInput = new Map<number, HitContext[]>();
        for (const h of hits) {
          const i = index.get(encodeBytes(h.output));
          if (i !== undefined) byInput.set(i, h.contexts);
        }
        const classified = classifyBlindHits(values.length, query.expansion, byInput as Map<number, Array<HitContext & { match: MatchKind }>>, kinds);
        return { ...base, evaluated: blinded.length, status: 'ok', error: null, hits: classified };
      } catch (e) {
        return { ...base, status: 'error', error: (e as Error).message };
      }
    }),
  );
}
