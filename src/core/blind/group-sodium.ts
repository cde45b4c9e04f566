/**
 * `RistrettoGroup` on libsodium (libsodium-wrappers-sumo, WebAssembly; Node and browsers). Loaded
 * asynchronously because the module must instantiate first; inject the result into the protocol code.
 *
 * The hot operations call the WebAssembly exports directly on buffers allocated once in its heap: the
 * wrapper functions allocate, copy and free per call, and a multi-scalar sum would otherwise copy its
 * accumulator in and out of the heap for every term.
 */
import type { RistrettoGroup } from './group.ts';

const IDENTITY = new Uint8Array(32);

/** The raw Emscripten module behind libsodium-wrappers (`sodium.libsodium`): the exports used here. */
interface SodiumModule {
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  _crypto_scalarmult_ristretto255(q: number, n: number, p: number): number;
  _crypto_core_ristretto255_add(r: number, p: number, q: number): number;
  _crypto_core_ristretto255_from_hash(p: number, r: number): number;
  _crypto_core_ristretto255_scalar_reduce(r: number, s: number): void;
  _crypto_hash_sha512(out: number, in_: number, inlenLo: number, inlenHi: number): number;
}

let loading: Promise<RistrettoGroup> | null = null;

const isZero = (b: Uint8Array): boolean => {
  let d = 0;
  for (let i = 0; i < b.length; i++) d |= b[i]!;
  return d === 0;
};

/** Loads libsodium once and returns its ristretto255 operations. */
export function loadSodiumGroup(): Promise<RistrettoGroup> {
  loading ??= (async () => {
    const { default: sodium } = await import('libsodium-wrappers-sumo');
    await sodium.ready;
    const lib = (sodium as unknown as { libsodium: SodiumModule }).libsodium;
    // Fixed scratch space: [out 32][scalar 32][point 32][acc 32][wide 64]; messages get their own block.
    const base = lib._malloc(192);
    const OUT = base;
    const SCALAR = base + 32;
    const POINT = base + 64;
    const ACC = base + 96;
    const WIDE = base + 128;
    let msgAt = 0;
    let msgCap = 0;
    // The heap view is replaced when the module's memory grows: read it at every call.
    const heap = (): Uint8Array => lib.HEAPU8;
    const put = (at: number, bytes: Uint8Array, len: number): void => {
      if (bytes.length !== len) throw new RangeError(`expected ${len} bytes`);
      heap().set(bytes, at);
    };
    const take = (at: number, len: number): Uint8Array => heap().slice(at, at + len);
    /** SCALAR·POINT into `to`; libsodium rejects non-canonical and identity inputs and an identity result. */
    const mulRaw = (to: number): void => {
      if (lib._crypto_scalarmult_ristretto255(to, SCALAR, POINT) !== 0) throw new Error('invalid element or identity result');
    };
    const mul = (scalar: Uint8Array, point: Uint8Array): Uint8Array => {
      put(SCALAR, scalar, 32);
      put(POINT, point, 32);
      mulRaw(OUT);
      return take(OUT, 32);
    };
    return Object.freeze({
      name: 'sodium',
      fromUniform(bytes64: Uint8Array) {
        put(WIDE, bytes64, 64);
        lib._crypto_core_ristretto255_from_hash(OUT, WIDE);
        return take(OUT, 32);
      },
      mul,
      mulBase: (scalar: Uint8Array) => sodium.crypto_scalarmult_ristretto255_base(scalar),
      msm(scalars: readonly Uint8Array[], points: readonly Uint8Array[]) {
        if (scalars.length !== points.length) throw new Error('msm: length mismatch');
        // libsodium has no multi-scalar multiplication; a product with a zero weight is the identity.
        let empty = true;
        for (let i = 0; i < points.length; i++) {
          if (isZero(scalars[i]!)) continue;
          put(SCALAR, scalars[i]!, 32);
          put(POINT, points[i]!, 32);
          if (empty) {
            mulRaw(ACC);
            empty = false;
          } else {
            mulRaw(OUT);
            if (lib._crypto_core_ristretto255_add(ACC, ACC, OUT) !== 0) throw new Error('invalid element');
          }
        }
        return empty ? IDENTITY.slice() : take(ACC, 32);
      },
      isValid: (point: Uint8Array) => point.length === 32 && sodium.crypto_core_ristretto255_is_valid_point(point),
      sha512(message: Uint8Array) {
        if (message.length > msgCap) {
          // Grown rarely: messages here are a few hundred bytes.
          if (msgCap > 0) lib._free(msgAt);
          msgCap = Math.max(1024, message.length * 2);
          msgAt = lib._malloc(msgCap);
        }
        heap().set(message, msgAt);
        lib._crypto_hash_sha512(WIDE, msgAt, message.length, 0);
        return take(WIDE, 64);
      },
      reduce64(bytes64: Uint8Array) {
        put(WIDE, bytes64, 64);
        lib._crypto_core_ristretto255_scalar_reduce(OUT, WIDE);
        return take(OUT, 32);
      },
    } satisfies RistrettoGroup);
  })();
  return loading;
}
