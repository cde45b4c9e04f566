/**
 * Owner-node side of a blind search: answer an evaluation request (assertion, budget, one batch proof)
 * and a sealed context request (only for full outputs that resolve to the node's own tokens). Storage,
 * the sharing rule and the hit log come in as callbacks, so the same code serves every transport.
 */
import { RenkeiError } from '../errors.ts';
import { acceptAssertion, valuesDigest, type ReplayCache, type SearcherAssertion, type SignedAssertion } from './assertion.ts';
import { budgetError, budgetWindow, chargeBudget, type BudgetLedger, type BudgetPolicy } from './budget.ts';
import { keysForRequest, type EpochKeys, type EpochKeySource } from './epoch.ts';
import { openSealed, seal, SealError, type Sealed } from './seal.ts';
import { contextAad, type ContextRequestBody } from './searcher.ts';
import type { EvaluatedBatch, Voprf } from './voprf.ts';

export interface BlindNodeContext {
  voprf: Voprf;
  /** This node's id as the hub names it in assertions. */
  node: string;
  /** The hub's Ed25519 public key, pinned at enrolment. */
  hubPublicKey: Uint8Array;
  keys: EpochKeySource;
  /** How long the previous epoch is still served after a switch (default a day). */
  overlapSeconds?: number;
  replay: ReplayCache;
  budget: BudgetPolicy;
  ledger: BudgetLedger;
  /** Unix seconds. */
  now: () => number;
}

export interface EvaluateRequest {
  assertion: SignedAssertion;
  epoch: number;
  blinded: Uint8Array[];
}

export interface EvaluateResult {
  answer: EvaluatedBatch;
  searcher: SearcherAssertion;
  /** Evaluations left to this organisation in the current window (for the audit log: counts only). */
  remaining: number;
}

function epochKeys(ctx: BlindNodeContext, epoch: number): EpochKeys {
  const keys = keysForRequest(ctx.keys, epoch, ctx.now(), ctx.overlapSeconds);
  if (!keys) throw new RenkeiError('conflict', `blind epoch ${epoch} is not served`, { reason: 'epoch_not_served', epoch });
  return keys;
}

/** Evaluates a searcher's blinded elements after checking the element encodings, the assertion and the budget. */
export async function evaluateBlinded(ctx: BlindNodeContext, req: EvaluateRequest): Promise<EvaluateResult> {
  if (req.blinded.length === 0) throw new RenkeiError('validation_failed', 'no blinded elements', { reason: 'empty_batch' });
  if (req.blinded.length > ctx.budget.batchCap) {
    throw new RenkeiError('payload_too_large', 'blind evaluation batch exceeds the cap', { reason: 'batch_too_large', cap: ctx.budget.batchCap });
  }
  const bad = req.blinded.findIndex((b) => !ctx.voprf.group.isValid(b));
  if (bad >= 0) throw new RenkeiError('validation_failed', `blinded element ${bad} is not a valid group element`, { reason: 'invalid_element', index: bad });
  const now = ctx.now();
  const searcher = await acceptAssertion(req.assertion, { hubPublicKey: ctx.hubPublicKey, node: ctx.node, now, digest: valuesDigest(req.blinded), cache: ctx.replay });
  const keys = epochKeys(ctx, req.epoch);
  const decision = await ctx.ledger.charge(searcher.searcherOrg, budgetWindow(now, ctx.budget), (usage) =>
    chargeBudget(usage, ctx.budget, searcher.searcherOrg, req.blinded.length, now),
  );
  if (!decision.ok) throw budgetError(decision);
  return { answer: ctx.voprf.blindEvaluateBatch(keys.oprf, req.blinded), searcher, remaining: decision.remaining };
}

export interface ContextRequest {
  assertion: SignedAssertion;
  epoch: number;
  sealed: Sealed;
}

export interface ResolvedHit<C> {
  output: Uint8Array;
  contexts: C[];
}

export interface ContextHandlers<C> {
  /** Bytes → body (the wire contract's `decodeContextRequestBody`, which validates). */
  decode(bytes: Uint8Array): ContextRequestBody;
  /**
   * The contexts behind one full output for this searcher (null when the output is not one of this node's
   * tokens): the node resolves it (`OwnerTokenTable.resolve` or its store), applies its sharing rule for
   * `searcher.searcherOrg`, and records the hit in its owner hit log.
   */
  resolve(output: Uint8Array, searcher: SearcherAssertion, keys: EpochKeys): Promise<C[] | null>;
  /** Hits → bytes for the sealed answer (`encodeContextResponseBody`). */
  encode(hits: ResolvedHit<C>[]): Uint8Array;
}

/** Opens a sealed context request, resolves its outputs, and seals the contexts to the searcher's reply key. */
export async function answerContext<C>(ctx: BlindNodeContext, req: ContextRequest, h: ContextHandlers<C>): Promise<{ sealed: Sealed; hits: ResolvedHit<C>[]; searcher: SearcherAssertion }> {
  const now = ctx.now();
  const searcher = await acceptAssertion(req.assertion, { hubPublicKey: ctx.hubPublicKey, node: ctx.node, now, digest: valuesDigest([req.sealed.ciphertext]), cache: ctx.replay });
  const keys = epochKeys(ctx, req.epoch);
  let body: ContextRequestBody;
  try {
    body = h.decode(openSealed(keys.box, req.sealed, contextAad('request', searcher.searchId, ctx.node, req.epoch)));
  } catch (e) {
    if (e instanceof SealError) throw new RenkeiError('validation_failed', 'context request does not open with this node’s key', { reason: 'bad_seal' });
    throw e;
  }
  if (body.searchId !== searcher.searchId) throw new RenkeiError('validation_failed', 'context request is for another search', { reason: 'search_mismatch' });
  if (body.outputs.length > ctx.budget.batchCap) throw new RenkeiError('payload_too_large', 'too many outputs in one context request', { reason: 'batch_too_large' });
  const hits: ResolvedHit<C>[] = [];
  for (const output of body.outputs) {
    const contexts = await h.resolve(output, searcher, keys);
    if (contexts && contexts.length > 0) hits.push({ output, contexts });
  }
  const sealed = seal(body.replyKey, h.encode(hits), contextAad('response', searcher.searchId, ctx.node, req.epoch));
  return { sealed, hits, searcher };
}
