/**
 * The ristretto255 operations the VOPRF needs, on 32-byte encodings (RFC 9496) and 32-byte little-endian
 * scalars. Two implementations give byte-identical results: `nobleGroup` (pure JS, everywhere) and the
 * libsodium one from `loadSodiumGroup` (WebAssembly, about ten times faster per multiplication).
 */
import { ristretto255 } from '@noble/curves/ed25519.js';

/** Prime-order group operations injected into the protocol code. */
export interface RistrettoGroup {
  readonly name: string;
  /** RFC 9496 §4.3.4 element derivation from 64 uniform bytes (the last step of hash-to-group). */
  fromUniform(bytes64: Uint8Array): Uint8Array;
  /** scalar · point. Throws on an invalid encoding, and when the input or the result is the identity. */
  mul(scalar: Uint8Array, point: Uint8Array): Uint8Array;
  /** scalar · generator. */
  mulBase(scalar: Uint8Array): Uint8Array;
  /** Σ scalars[i] · points[i] (the RFC 9497 composites); the identity encodes as 32 zero bytes. */
  msm(scalars: readonly Uint8Array[], points: readonly Uint8Array[]): Uint8Array;
  /** True for a canonical encoding of a non-identity element. */
  isValid(point: Uint8Array): boolean;
  /** SHA-512 (the suite's hash; libsodium's is several times faster than the JS one). */
  sha512(message: Uint8Array): Uint8Array;
  /** 64 bytes read little-endian, reduced mod ℓ, as a 32-byte scalar (RFC 9496 scalar reduction). */
  reduce64(bytes64: Uint8Array): Uint8Array;
}

/** The scalar field of ristretto255 (order ℓ = 2^252 + …), shared by both implementations. */
export const Fn = ristretto255.Point.Fn;

/** 32-byte little-endian encoding of a scalar. */
export function scalarToBytes(s: bigint): Uint8Array {
  return Fn.toBytes(Fn.create(s));
}

/** Decodes a canonical 32-byte little-endian scalar (throws when ≥ ℓ). */
export function scalarFromBytes(b: Uint8Array): bigint {
  return Fn.fromBytes(b);
}

/** True when two byte strings are equal, in time independent of where they differ. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
