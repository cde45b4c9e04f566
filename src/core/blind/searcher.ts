/**
 * Searcher side of a blind search (web UI and CLI; runs in the browser). One query is blinded once and
 * the same blinded batch goes to every node; each node's answer is verified and matched against that
 * node's token set; only the outputs that hit are sent back, sealed to the node, to ask for their context.
 */
import type { MatchKind } from '../matching/lookup-types.ts';
import type { SearchValue } from '../matching/plan.ts';
import { expandSearch, type Expansion } from './expand.ts';
import { DEFAULT_PROFILE, unionShape, type BlindProfile, type SetShape } from './profile.ts';
import { generateBoxKeyPair, openSealed, seal, type BoxKeyPair, type Sealed } from './seal.ts';
import { inputBytes } from './token-input.ts';
import { tagOf, type TokenSet } from './token-set.ts';
import type { BlindedBatch, EvaluatedBatch, Voprf } from './voprf.ts';

export interface BlindQuery {
  values: readonly SearchValue[];
  kinds: readonly MatchKind[];
  expansion: Expansion;
  /** Secret: the blinds. Only `batch.blinded` leaves the searcher. */
  batch: BlindedBatch;
}

/** Expands and blinds the values for nodes whose token sets have the given shapes. */
export function prepareBlindQuery(
  voprf: Voprf,
  values: readonly SearchValue[],
  kinds: readonly MatchKind[],
  shapes: readonly SetShape[],
  profile: BlindProfile = DEFAULT_PROFILE,
): BlindQuery {
  const expansion = expandSearch(values, kinds, unionShape(shapes), profile);
  return { values, kinds, expansion, batch: voprf.blind(expansion.inputs.map(inputBytes)) };
}

export interface NodeMatch {
  /** OPRF output per input (64 bytes each). */
  outputs: Uint8Array[];
  /** Indexes of the inputs whose tags are in the node's token set. */
  hits: number[];
}

/**
 * Verifies a node's answer against the public key its token set was published with (throws `ProofError`
 * when the node used another key) and tests each output against the set, locally.
 */
export function matchNode(voprf: Voprf, query: BlindQuery, answer: EvaluatedBatch, publicKey: Uint8Array, sets: readonly TokenSet[]): NodeMatch {
  const outputs = voprf.finalizeBatch(query.batch, answer, publicKey);
  return { outputs, hits: hitsIn(outputs, sets) };
}

/** Indexes of the outputs whose tags are in one of the node's token sets (the local membership test). */
export function hitsIn(outputs: readonly Uint8Array[], sets: readonly TokenSet[]): number[] {
  const hits: number[] = [];
  outputs.forEach((o, i) => {
    const t = tagOf(o);
    if (sets.some((s) => s.has(t))) hits.push(i);
  });
  return hits;
}

/** Associated data binding a context request or response to its search, node and epoch. */
export function contextAad(direction: 'request' | 'response', searchId: string, node: string, epoch: number): Uint8Array {
  return new TextEncoder().encode(`renkei/v1/blind-context-${direction}|${searchId}|${node}|${epoch}`);
}

/** What a context request carries inside its sealed box. */
export interface ContextRequestBody {
  searchId: string;
  /** The searcher's one-time X25519 key the answer is sealed to. */
  replyKey: Uint8Array;
  /** Full OPRF outputs of the hits (a tag alone, visible in the set, does not entitle to a context). */
  outputs: Uint8Array[];
}

/**
 * Seals the hit outputs to the node's box key. `encode` turns the body into bytes (the wire contract's
 * `encodeContextRequestBody`). Keep `replyKey` to open the answer.
 */
export function sealContextRequest(
  body: Omit<ContextRequestBody, 'replyKey'>,
  node: { id: string; epoch: number; boxPublicKey: Uint8Array },
  encode: (b: ContextRequestBody) => Uint8Array,
): { sealed: Sealed; replyKey: BoxKeyPair } {
  const replyKey = generateBoxKeyPair();
  const plain = encode({ ...body, replyKey: replyKey.publicKey });
  return { sealed: seal(node.boxPublicKey, plain, contextAad('request', body.searchId, node.id, node.epoch)), replyKey };
}

/** Opens a node's sealed context answer (throws `SealError` if it was altered or is for another search). */
export function openContextResponse(replyKey: BoxKeyPair, sealed: Sealed, searchId: string, node: { id: string; epoch: number }): Uint8Array {
  return openSealed(replyKey, sealed, contextAad('response', searchId, node.id, node.epoch));
}
