/**
 * Sealed boxes for hit contexts and context requests: X25519 with a fresh sender key, HKDF-SHA256, and
 * XChaCha20-Poly1305 with the caller's associated data (binding the box to its search). The hub relays
 * these and can read none of them.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';

export interface BoxKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export interface Sealed {
  /** The sender's one-time X25519 public key. */
  epk: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/** A sealed box did not open: wrong key, wrong associated data, or altered in transit. */
export class SealError extends Error {
  constructor() {
    super('sealed box failed to open');
    this.name = 'SealError';
  }
}

const INFO = new TextEncoder().encode('renkei/v1/blind-seal');

/** A random X25519 key pair (the searcher's one-time reply key, or a node's box key). */
export function generateBoxKeyPair(): BoxKeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/** The X25519 key pair for a 32-byte secret (deterministic; used for derived epoch keys). */
export function boxKeyPairFromSecret(secretKey: Uint8Array): BoxKeyPair {
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

function keyFor(shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array): Uint8Array {
  // An all-zero shared secret means a low-order public key: refuse rather than encrypt under a known key.
  if (shared.every((b) => b === 0)) throw new SealError();
  const salt = new Uint8Array(64);
  salt.set(epk);
  salt.set(recipient, 32);
  return hkdf(sha256, shared, salt, INFO, 32);
}

/** Encrypts `plaintext` to `recipient` (an X25519 public key). */
export function seal(recipient: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed {
  const eph = generateBoxKeyPair();
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(eph.secretKey, recipient);
  } catch {
    throw new SealError();
  }
  const nonce = randomBytes(24);
  const ciphertext = xchacha20poly1305(keyFor(shared, eph.publicKey, recipient), nonce, aad).encrypt(plaintext);
  return { epk: eph.publicKey, nonce, ciphertext };
}

/** Decrypts a box sealed to `recipient`; throws `SealError` when it does not authenticate. */
export function openSealed(recipient: BoxKeyPair, sealed: Sealed, aad: Uint8Array): Uint8Array {
  try {
    const shared = x25519.getSharedSecret(recipient.secretKey, sealed.epk);
    return xchacha20poly1305(keyFor(shared, sealed.epk, recipient.publicKey), sealed.nonce, aad).decrypt(sealed.ciphertext);
  } catch {
    throw new SealError();
  }
}
