/**
 * Token-set publication: node → hub → searchers. The descriptor is JSON; the body is the sorted tags,
 * 8 bytes each big-endian (`application/octet-stream`, or base64url in `TokenSetWire.tags`). Deltas move a
 * searcher's cached copy from one version to the next.
 */
import { z } from 'zod';
import { SUITE_ID } from '../../core/blind/voprf.ts';
import type { SetShape } from '../../core/blind/profile.ts';
import { TokenSet, type TokenSetDelta } from '../../core/blind/token-set.ts';
import { b64, decodeBytes, encodeBytes } from './bytes.ts';

const Levels = z.object({ v4: z.array(z.number().int().min(0).max(32)).max(33), v6: z.array(z.number().int().min(0).max(128)).max(129) });

export const TokenSetDescriptor = z.object({
  node: z.string().min(1).max(100),
  /** `community`, `group:<sharing group uuid>` or `org:<organisation uuid>` (org-addressed AMBER). */
  audience: z.string().min(1).max(120),
  epoch: z.number().int().nonnegative(),
  suite: z.literal(SUITE_ID),
  /** The node's VOPRF public key for this epoch: answers must prove evaluation with it. */
  publicKey: b64(32),
  /** The node's X25519 key for sealed context requests in this epoch. */
  boxPublicKey: b64(32),
  version: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  shape: z.object({ cidrLevels: Levels, withinLevels: Levels }),
});
export type TokenSetDescriptor = z.infer<typeof TokenSetDescriptor>;

export const TokenSetWire = z.object({ descriptor: TokenSetDescriptor, tags: b64() });
export type TokenSetWire = z.infer<typeof TokenSetWire>;

export const TokenSetDeltaWire = z.object({
  node: z.string(),
  audience: z.string(),
  epoch: z.number().int().nonnegative(),
  fromVersion: z.number().int().nonnegative(),
  toVersion: z.number().int().positive(),
  added: b64(),
  removed: b64(),
});
export type TokenSetDeltaWire = z.infer<typeof TokenSetDeltaWire>;

const tagsBytes = (tags: BigUint64Array) => new TokenSet(tags).toBytes();

/** A set and its descriptor fields → the JSON form. */
export function encodeTokenSet(descriptor: Omit<TokenSetDescriptor, 'size' | 'version' | 'shape'> & { shape: SetShape }, set: TokenSet): TokenSetWire {
  const l = (x: SetShape['cidrLevels']) => ({ v4: [...x.v4], v6: [...x.v6] });
  const shape = { cidrLevels: l(descriptor.shape.cidrLevels), withinLevels: l(descriptor.shape.withinLevels) };
  return { descriptor: { ...descriptor, shape, size: set.size, version: set.version }, tags: encodeBytes(set.toBytes()) };
}

/** The JSON form → a validated set (throws when tags are unsorted or the size disagrees). */
export function decodeTokenSet(wire: TokenSetWire): { descriptor: TokenSetDescriptor; set: TokenSet } {
  const set = TokenSet.fromBytes(decodeBytes(wire.tags), wire.descriptor.version);
  if (set.size !== wire.descriptor.size) throw new RangeError('token set size does not match its descriptor');
  return { descriptor: wire.descriptor, set };
}

export function encodeDelta(meta: { node: string; audience: string; epoch: number }, d: TokenSetDelta): TokenSetDeltaWire {
  return { ...meta, fromVersion: d.fromVersion, toVersion: d.toVersion, added: encodeBytes(tagsBytes(d.added)), removed: encodeBytes(tagsBytes(d.removed)) };
}

export function decodeDelta(w: TokenSetDeltaWire): TokenSetDelta {
  return {
    fromVersion: w.fromVersion,
    toVersion: w.toVersion,
    added: TokenSet.fromBytes(decodeBytes(w.added)).tags,
    removed: TokenSet.fromBytes(decodeBytes(w.removed)).tags,
  };
}
