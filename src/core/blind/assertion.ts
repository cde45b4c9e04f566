/**
 * Signed searcher assertions: the hub signs, for every federated request, which organisation searches
 * what (Ed25519 over a fixed text encoding), and the node checks the signature with the hub key it pinned
 * at enrolment, the expiry, the target node and that the nonce was not seen before. A node's API key then
 * identifies only the hub; the organisation a request acts for comes from the assertion.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { RenkeiError } from '../errors.ts';
import { fromBase64Url, toBase64Url } from './codec.ts';

export interface SearcherAssertion {
  /** Search id (uuid), the same in the hub's history and the node's hit log. */
  searchId: string;
  /** The searching organisation's uuid. */
  searcherOrg: string;
  /** The node the request is for, so an assertion cannot be replayed to another member. */
  node: string;
  /** The searching organisation's name, signed too (nodes know organisations by name when uuids differ). */
  searcherName?: string;
  /** `valuesDigest` of what the request carries (plain values, or blinded elements in blind mode). */
  valuesDigest: string;
  /** Unix seconds after which the assertion is void. */
  expiresAt: number;
  /** 16 random bytes, base64url: each assertion is accepted once. */
  nonce: string;
}

export interface SignedAssertion extends SearcherAssertion {
  /** Ed25519 signature (base64url) over `assertionMessage`. */
  signature: string;
}

/** Why an assertion was refused; carried as `details.reason` of the `unauthenticated` error. */
export type AssertionRefusal = 'bad_signature' | 'expired' | 'too_long_lived' | 'wrong_node' | 'digest_mismatch' | 'replayed' | 'malformed';

const te = new TextEncoder();

/** The signed bytes: a versioned label and the fields in fixed order, one per line. */
export function assertionMessage(a: SearcherAssertion): Uint8Array {
  for (const f of [a.searchId, a.searcherOrg, a.node, a.valuesDigest, a.nonce, a.searcherName ?? '']) {
    if (f.includes('\n')) throw new RenkeiError('validation_failed', 'assertion fields must not contain line breaks');
  }
  return te.encode(['renkei/v1/searcher-assertion', a.searchId, a.searcherOrg, a.node, a.valuesDigest, String(a.expiresAt), a.nonce, ...(a.searcherName === undefined ? [] : [`name:${a.searcherName}`])].join('\n'));
}

/** SHA-256 (hex) over the request's values, each length-prefixed so that the list is unambiguous. */
export function valuesDigest(values: ReadonlyArray<string | Uint8Array>): string {
  const h = sha256.create();
  for (const v of values) {
    const b = typeof v === 'string' ? te.encode(v) : v;
    h.update(Uint8Array.of(b.length >>> 24, (b.length >>> 16) & 255, (b.length >>> 8) & 255, b.length & 255));
    h.update(b);
  }
  return bytesToHex(h.digest());
}

/** A fresh nonce for `signAssertion`. */
export function newNonce(): string {
  return toBase64Url(randomBytes(16));
}

/** Hub side: signs an assertion with the hub's Ed25519 secret key (32-byte seed). */
export function signAssertion(a: SearcherAssertion, hubSecretKey: Uint8Array): SignedAssertion {
  return { ...a, signature: toBase64Url(ed25519.sign(assertionMessage(a), hubSecretKey)) };
}

/** Where the node remembers nonces until they expire; `remember` returns false when the nonce was seen. */
export interface ReplayCache {
  remember(nonce: string, expiresAt: number): Promise<boolean>;
}

export interface VerifyOptions {
  /** The hub's Ed25519 public key, pinned at enrolment. */
  hubPublicKey: Uint8Array;
  /** This node's id as the hub names it. */
  node: string;
  /** Unix seconds. */
  now: number;
  /** The digest of what the request actually carries; checked when given. */
  digest?: string;
  /** Longest accepted lifetime from now (default 300 s), and allowed clock skew (default 30 s). */
  maxLifetime?: number;
  skew?: number;
}

const refuse = (reason: AssertionRefusal, message: string) => new RenkeiError('unauthenticated', message, { reason });

/** Checks signature, target, digest and expiry (no replay check); throws `unauthenticated` with a reason. */
export function verifyAssertion(a: SignedAssertion, opts: VerifyOptions): SearcherAssertion {
  let ok = false;
  try {
    ok = ed25519.verify(fromBase64Url(a.signature), assertionMessage(a), opts.hubPublicKey);
  } catch {
    throw refuse('malformed', 'searcher assertion is malformed');
  }
  if (!ok) throw refuse('bad_signature', 'searcher assertion signature does not verify with the pinned hub key');
  if (a.node !== opts.node) throw refuse('wrong_node', 'searcher assertion is for another node');
  if (opts.digest !== undefined && opts.digest !== a.valuesDigest) throw refuse('digest_mismatch', 'searcher assertion does not cover these values');
  const skew = opts.skew ?? 30;
  if (a.expiresAt + skew < opts.now) throw refuse('expired', 'searcher assertion has expired');
  if (a.expiresAt > opts.now + (opts.maxLifetime ?? 300) + skew) throw refuse('too_long_lived', 'searcher assertion lives longer than allowed');
  const { signature: _signature, ...plain } = a;
  return plain;
}

/** `verifyAssertion`, then records the nonce; a second use is refused as `replayed`. */
export async function acceptAssertion(a: SignedAssertion, opts: VerifyOptions & { cache: ReplayCache }): Promise<SearcherAssertion> {
  const plain = verifyAssertion(a, opts);
  if (!(await opts.cache.remember(a.nonce, a.expiresAt + (opts.skew ?? 30)))) throw refuse('replayed', 'searcher assertion was already used');
  return plain;
}

/** A bounded in-memory `ReplayCache` for one process (a node with several processes keeps nonces in its store). */
export class MemoryReplayCache implements ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  readonly #max: number;

  constructor(now: () => number = () => Math.floor(Date.now() / 1000), max = 100_000) {
    this.#now = now;
    this.#max = max;
  }

  async remember(nonce: string, expiresAt: number): Promise<boolean> {
    const now = this.#now();
    if (this.#seen.size >= this.#max) for (const [n, exp] of this.#seen) if (exp < now) this.#seen.delete(n);
    // Still full of live nonces: refusing is safer than forgetting one that could then be replayed.
    if (this.#seen.size >= this.#max) return false;
    const prev = this.#seen.get(nonce);
    if (prev !== undefined && prev >= now) return false;
    this.#seen.set(nonce, expiresAt);
    return true;
  }
}
