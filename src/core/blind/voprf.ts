/**
 * RFC 9497 verifiable OPRF (mode 0x01) for the ristretto255-SHA512 suite, written against an injected
 * `RistrettoGroup` so the same framing runs on noble (reference) or libsodium (fast). Tests check it
 * against the RFC's A.1.2 vectors and byte for byte against noble's own `ristretto255_oprf.voprf`.
 *
 * Flow: the searcher `blind`s its inputs; the owner's node runs `blindEvaluateBatch` (one DLEQ proof for
 * the whole request); the searcher runs `finalizeBatch`, which refuses the answer unless the proof shows
 * the node used the secret key behind the public key it published with its token set.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { bytesEqual, Fn, scalarFromBytes, scalarToBytes, type RistrettoGroup } from './group.ts';

/** RFC 9497 suite identifier. */
export const SUITE_ID = 'ristretto255-SHA512';
/** Encoded sizes: elements and scalars are 32 bytes, outputs 64, a proof two scalars. */
export const ELEMENT_BYTES = 32;
export const OUTPUT_BYTES = 64;
export const PROOF_BYTES = 64;

const te = new TextEncoder();
const FINALIZE = te.encode('Finalize');
const COMPOSITE = te.encode('Composite');
const CHALLENGE = te.encode('Challenge');
/** Encoding of the ristretto255 generator (RFC 9496). */
const GENERATOR = Uint8Array.from([
  0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
  0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76,
]);

export interface VoprfKeyPair {
  /** 32-byte scalar; never leaves the node. */
  secretKey: Uint8Array;
  /** 32-byte element, published with the node's token sets. */
  publicKey: Uint8Array;
}

/** What the searcher keeps between `blind` and `finalizeBatch` (the blinds are secret). */
export interface BlindedBatch {
  inputs: Uint8Array[];
  blinds: Uint8Array[];
  blinded: Uint8Array[];
}

export interface EvaluatedBatch {
  evaluated: Uint8Array[];
  proof: Uint8Array;
}

/** Options for reproducible runs (tests): explicit blind scalars or proof nonce instead of random ones. */
export interface BlindOptions {
  blinds?: Uint8Array[];
}

/** The VOPRF operations bound to one group implementation. */
export interface Voprf {
  readonly group: RistrettoGroup;
  /** RFC 9497 DeriveKeyPair: a deterministic key pair from a 32-byte seed and an info string. */
  deriveKeyPair(seed: Uint8Array, info: Uint8Array): VoprfKeyPair;
  generateKeyPair(): VoprfKeyPair;
  /** Searcher: hashes each input to the group and blinds it with a fresh random scalar. */
  blind(inputs: Uint8Array[], opts?: BlindOptions): BlindedBatch;
  /** Node: evaluates blinded elements with its key and proves it with one batch DLEQ proof. */
  blindEvaluateBatch(key: VoprfKeyPair, blinded: Uint8Array[], opts?: { proofScalar?: Uint8Array }): EvaluatedBatch;
  /** Searcher: verifies the proof against `publicKey` (throws `ProofError`), then unblinds to outputs. */
  finalizeBatch(batch: BlindedBatch, answer: EvaluatedBatch, publicKey: Uint8Array): Uint8Array[];
  /** Node: the PRF output without interaction (used to build the node's own token set). */
  evaluate(secretKey: Uint8Array, input: Uint8Array): Uint8Array;
  /** RFC 9497 HashToGroup. */
  hashToGroup(input: Uint8Array): Uint8Array;
}

/** The batch proof did not verify: the node did not evaluate with the key it published. */
export class ProofError extends Error {
  constructor() {
    super('VOPRF proof verification failed: the node did not evaluate with its published key');
    this.name = 'ProofError';
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function i2osp2(n: number): Uint8Array {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}

/** Length-prefixed concatenation, the RFC's `I2OSP(len(x), 2) || x`. */
function lp(x: Uint8Array): Uint8Array[] {
  return [i2osp2(x.length), x];
}

function checkInput(input: Uint8Array): void {
  if (input.length > 0xffff) throw new RangeError('VOPRF input longer than 65,535 bytes');
}

/** Domain-separation tags of one RFC 9497 mode (0x00 OPRF, 0x01 VOPRF). */
function contexts(mode: 0 | 1) {
  const ctx = concat(te.encode('OPRFV1-'), Uint8Array.of(mode), te.encode('-' + SUITE_ID));
  return {
    group: concat(te.encode('HashToGroup-'), ctx),
    scalar: concat(te.encode('HashToScalar-'), ctx),
    derive: concat(te.encode('DeriveKeyPair'), ctx),
    seed: concat(te.encode('Seed-'), ctx),
  };
}

const ZERO_PAD = new Uint8Array(128);
const LEN_64 = Uint8Array.of(0, 64);

/**
 * RFC 9380 §5.3.1 expand_message_xmd with SHA-512 for 64 output bytes (one block: ell = 1), on the
 * group's SHA-512. `dstPrime` is DST || I2OSP(len(DST), 1).
 */
function expandXmd64(group: RistrettoGroup, msg: Uint8Array, dstPrime: Uint8Array): Uint8Array {
  const b0 = group.sha512(concat(ZERO_PAD, msg, LEN_64, Uint8Array.of(0), dstPrime));
  return group.sha512(concat(b0, Uint8Array.of(1), dstPrime));
}

const dstPrime = (dst: Uint8Array): Uint8Array => concat(dst, Uint8Array.of(dst.length));

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** The operations both modes share: hashing to the group, key derivation, blinding, unblinding. */
function suiteBase(group: RistrettoGroup, mode: 0 | 1) {
  const dst = contexts(mode);
  const groupDst = dstPrime(dst.group);
  /** RFC 9497 HashToScalar: 64 uniform bytes reduced mod ℓ (the bias is about 2^-260). */
  const hashToScalar = (msg: Uint8Array, prime: Uint8Array): Uint8Array => group.reduce64(expandXmd64(group, msg, prime));
  /** RFC 9497 RandomScalar: a uniform non-zero scalar. */
  const randomScalar = (): Uint8Array => {
    for (;;) {
      const s = group.reduce64(randomBytes(64));
      if (!isZero(s)) return s;
    }
  };
  const hashToGroup = (input: Uint8Array): Uint8Array => {
    checkInput(input);
    return group.fromUniform(expandXmd64(group, input, groupDst));
  };
  const outputOf = (input: Uint8Array, unblinded: Uint8Array): Uint8Array =>
    group.sha512(concat(...lp(input), ...lp(unblinded), FINALIZE));
  const keyPair = (secretKey: Uint8Array): VoprfKeyPair => ({ secretKey, publicKey: group.mulBase(secretKey) });
  return {
    dst,
    hashToGroup,
    hashToScalar,
    randomScalar,
    outputOf,
    deriveKeyPair(seed: Uint8Array, info: Uint8Array): VoprfKeyPair {
      if (seed.length !== 32) throw new RangeError('DeriveKeyPair seed must be 32 bytes');
      checkInput(info);
      const base = concat(seed, ...lp(info), Uint8Array.of(0));
      const derive = dstPrime(dst.derive);
      for (let counter = 0; counter < 256; counter++) {
        base[base.length - 1] = counter;
        const sk = hashToScalar(base, derive);
        if (!isZero(sk)) return keyPair(sk);
      }
      throw new Error('DeriveKeyPair failed');
    },
    generateKeyPair: () => keyPair(randomScalar()),
    blind(inputs: Uint8Array[], opts?: BlindOptions): BlindedBatch {
      if (opts?.blinds && opts.blinds.length !== inputs.length) throw new RangeError('one blind per input');
      const blinds: Uint8Array[] = [];
      const blinded: Uint8Array[] = [];
      inputs.forEach((input, i) => {
        const r = opts?.blinds?.[i] ?? randomScalar();
        blinds.push(r);
        blinded.push(group.mul(r, hashToGroup(input)));
      });
      return { inputs, blinds, blinded };
    },
    /** Outputs from evaluated elements: unblind with r⁻¹ (one batch inversion), then hash. */
    unblind(batch: BlindedBatch, evaluated: Uint8Array[]): Uint8Array[] {
      const inverses = Fn.invertBatch(batch.blinds.map(scalarFromBytes));
      return evaluated.map((e, i) => outputOf(batch.inputs[i]!, group.mul(scalarToBytes(inverses[i]!), e)));
    },
    evaluate(secretKey: Uint8Array, input: Uint8Array): Uint8Array {
      return outputOf(input, group.mul(secretKey, hashToGroup(input)));
    },
  };
}

/** RFC 9497 base mode (0x00), without proofs. The protocol uses `createVoprf`; this one exists for conformance tests. */
export function createBaseOprf(group: RistrettoGroup) {
  const base = suiteBase(group, 0);
  return Object.freeze({
    deriveKeyPair: base.deriveKeyPair,
    blind: base.blind,
    blindEvaluate: (secretKey: Uint8Array, blinded: Uint8Array[]) => blinded.map((b) => group.mul(secretKey, b)),
    finalize: base.unblind,
    evaluate: base.evaluate,
  });
}

/** Creates the VOPRF over `group` (`nobleGroup`, or the libsodium group from `loadSodiumGroup`). */
export function createVoprf(group: RistrettoGroup): Voprf {
  const base = suiteBase(group, 1);
  const SCALAR = dstPrime(base.dst.scalar);

  /** Composite weights d_i (RFC 9497 §2.2.1). */
  const weights = (pk: Uint8Array, c: Uint8Array[], d: Uint8Array[]): Uint8Array[] => {
    const seed = group.sha512(concat(...lp(pk), ...lp(base.dst.seed)));
    // One message buffer for every weight: only the index and the two elements change.
    const msg = concat(...lp(seed), i2osp2(0), i2osp2(ELEMENT_BYTES), new Uint8Array(ELEMENT_BYTES), i2osp2(ELEMENT_BYTES), new Uint8Array(ELEMENT_BYTES), COMPOSITE);
    const at = 2 + seed.length;
    const out: Uint8Array[] = new Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const ci = c[i]!;
      const di = d[i]!;
      // Elements of another length cannot be valid; the length-prefixed form keeps the RFC encoding for them.
      if (ci.length !== ELEMENT_BYTES || di.length !== ELEMENT_BYTES) out[i] = base.hashToScalar(concat(...lp(seed), i2osp2(i), ...lp(ci), ...lp(di), COMPOSITE), SCALAR);
      else {
        msg[at] = (i >>> 8) & 0xff;
        msg[at + 1] = i & 0xff;
        msg.set(ci, at + 4);
        msg.set(di, at + 6 + ELEMENT_BYTES);
        out[i] = base.hashToScalar(msg, SCALAR);
      }
    }
    return out;
  };
  const challenge = (pk: Uint8Array, m: Uint8Array, z: Uint8Array, t2: Uint8Array, t3: Uint8Array): bigint =>
    scalarFromBytes(base.hashToScalar(concat(...lp(pk), ...lp(m), ...lp(z), ...lp(t2), ...lp(t3), CHALLENGE), SCALAR));

  return Object.freeze({
    group,
    hashToGroup: base.hashToGroup,
    deriveKeyPair: base.deriveKeyPair,
    generateKeyPair: base.generateKeyPair,
    blind: base.blind,
    blindEvaluateBatch(key: VoprfKeyPair, blinded: Uint8Array[], opts?: { proofScalar?: Uint8Array }): EvaluatedBatch {
      if (blinded.length === 0) throw new RangeError('empty evaluation batch');
      const evaluated = blinded.map((b) => group.mul(key.secretKey, b));
      // ComputeCompositesFast: the node knows k, so Z = k·M saves the second multi-scalar product.
      const m = group.msm(weights(key.publicKey, blinded, evaluated), blinded);
      const z = group.mul(key.secretKey, m);
      const r = opts?.proofScalar ?? base.randomScalar();
      const t2 = group.mulBase(r);
      const t3 = group.mul(r, m);
      const c = challenge(key.publicKey, m, z, t2, t3);
      const s = Fn.sub(scalarFromBytes(r), Fn.mul(c, scalarFromBytes(key.secretKey)));
      return { evaluated, proof: concat(scalarToBytes(c), scalarToBytes(s)) };
    },
    finalizeBatch(batch: BlindedBatch, answer: EvaluatedBatch, publicKey: Uint8Array): Uint8Array[] {
      const n = batch.blinded.length;
      if (answer.evaluated.length !== n || answer.proof.length !== PROOF_BYTES) throw new ProofError();
      // Evaluated elements are decoded (and rejected if invalid or the identity) inside the group operations.
      if (!group.isValid(publicKey)) throw new ProofError();
      let c: bigint, s: bigint;
      try {
        c = scalarFromBytes(answer.proof.subarray(0, 32));
        s = scalarFromBytes(answer.proof.subarray(32));
      } catch {
        throw new ProofError();
      }
      const d = weights(publicKey, batch.blinded, answer.evaluated);
      let m: Uint8Array, z: Uint8Array;
      try {
        m = group.msm(d, batch.blinded);
        z = group.msm(d, answer.evaluated);
      } catch {
        throw new ProofError();
      }
      const sb = scalarToBytes(s);
      const cb = scalarToBytes(c);
      const t2 = group.msm([sb, cb], [GENERATOR, publicKey]);
      const t3 = group.msm([sb, cb], [m, z]);
      if (!bytesEqual(scalarToBytes(challenge(publicKey, m, z, t2, t3)), cb)) throw new ProofError();
      return base.unblind(batch, answer.evaluated);
    },
    evaluate: base.evaluate,
  } satisfies Voprf);
}
