/**
 * `RistrettoGroup` on libsodium (libsodium-wrappers-sumo, WebAssembly; Node and browsers). Loaded
 * asynchronously because the module must instantiate first; inject the result into the protocol code.
 */
import type { RistrettoGroup } from './group.ts';

const IDENTITY = new Uint8Array(32);

let loading: Promise<RistrettoGroup> | null = null;

/** Loads libsodium once and returns its ristretto255 operations. */
export function loadSodiumGroup(): Promise<RistrettoGroup> {
  loading ??= (async () => {
    const { default: sodium } = await import('libsodium-wrappers-sumo');
    await sodium.ready;
    const mul = (scalar: Uint8Array, point: Uint8Array): Uint8Array => {
      // libsodium rejects non-canonical and identity inputs and an identity result (it throws).
      if (!sodium.crypto_core_ristretto255_is_valid_point(point)) throw new Error('invalid element');
      return sodium.crypto_scalarmult_ristretto255(scalar, point);
    };
    return Object.freeze({
      name: 'sodium',
      fromUniform: (bytes64: Uint8Array) => sodium.crypto_core_ristretto255_from_hash(bytes64),
      mul,
      mulBase: (scalar: Uint8Array) => sodium.crypto_scalarmult_ristretto255_base(scalar),
      msm(scalars: readonly Uint8Array[], points: readonly Uint8Array[]) {
        if (scalars.length !== points.length) throw new Error('msm: length mismatch');
        // libsodium has no multi-scalar multiplication; a product with a zero weight is the identity.
        let acc: Uint8Array | null = null;
        for (let i = 0; i < points.length; i++) {
          if (scalars[i]!.every((b) => b === 0)) continue;
          const t = mul(scalars[i]!, points[i]!);
          acc = acc ? sodium.crypto_core_ristretto255_add(acc, t) : t;
        }
        return acc ?? IDENTITY.slice();
      },
      isValid: (point: Uint8Array) => point.length === 32 && sodium.crypto_core_ristretto255_is_valid_point(point),
    } satisfies RistrettoGroup);
  })();
  return loading;
}
