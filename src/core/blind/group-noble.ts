/** `RistrettoGroup` on @noble/curves: the reference implementation, pure JS, runs everywhere. */
import { mulAddUnsafe, pippenger } from '@noble/curves/abstract/curve.js';
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { Fn, type RistrettoGroup } from './group.ts';

const P = ristretto255.Point;

function decode(point: Uint8Array): InstanceType<typeof P> {
  const p = P.fromBytes(point);
  if (p.is0()) throw new Error('identity element');
  return p;
}

/** The noble implementation (no set-up). */
export const nobleGroup: RistrettoGroup = Object.freeze({
  name: 'noble',
  fromUniform: (bytes64: Uint8Array) => ristretto255_hasher.deriveToCurve!(bytes64).toBytes(),
  mul(scalar: Uint8Array, point: Uint8Array) {
    const r = decode(point).multiply(Fn.fromBytes(scalar));
    if (r.is0()) throw new Error('identity result');
    return r.toBytes();
  },
  mulBase: (scalar: Uint8Array) => P.BASE.multiply(Fn.fromBytes(scalar)).toBytes(),
  msm(scalars: readonly Uint8Array[], points: readonly Uint8Array[]) {
    if (scalars.length !== points.length) throw new Error('msm: length mismatch');
    if (points.length === 0) return P.ZERO.toBytes();
    // Every input here is public (transcript weights, wire points), so the variable-time MSM is safe.
    const pts = points.map(decode);
    const ss = scalars.map((s) => Fn.fromBytes(s));
    return (pts.length > 32 ? pippenger(P, pts, ss) : mulAddUnsafe(P, pts, ss)).toBytes();
  },
  sha512: (message: Uint8Array) => sha512(message),
  reduce64(u: Uint8Array) {
    if (u.length !== 64) throw new RangeError('reduce64: 64 bytes expected');
    let x = 0n;
    for (let i = 63; i >= 0; i--) x = (x << 8n) | BigInt(u[i]!);
    return Fn.toBytes(Fn.create(x));
  },
  isValid(point: Uint8Array) {
    try {
      return point.length === 32 && !P.fromBytes(point).is0();
    } catch {
      return false;
    }
  },
});
