/**
 * Sealed hit-context exchange. The outer messages are what the hub relays; the bodies travel only inside
 * sealed boxes (request to the node's box key, answer to the searcher's one-time reply key).
 */
import { z } from 'zod';
import type { ResolvedHit } from '../../core/blind/node-side.ts';
import type { ContextRequestBody as CoreRequestBody } from '../../core/blind/searcher.ts';
import type { Sealed } from '../../core/blind/seal.ts';
import { HitContext } from '../federation.ts';
import { SignedAssertionWire } from './assertion.ts';
import { b64, decodeBytes, encodeBytes } from './bytes.ts';

export const SealedWire = z.object({ epk: b64(32), nonce: b64(24), ciphertext: b64().max(16_000_000) });
export type SealedWire = z.infer<typeof SealedWire>;

export const BlindContextRequest = z.object({ assertion: SignedAssertionWire, epoch: z.number().int().nonnegative(), sealed: SealedWire });
export type BlindContextRequest = z.infer<typeof BlindContextRequest>;

export const BlindContextResponse = z.object({ sealed: SealedWire });
export type BlindContextResponse = z.infer<typeof BlindContextResponse>;

const RequestBody = z.object({ searchId: z.string().min(1).max(100), replyKey: b64(32), outputs: z.array(b64(64)).max(10_000) });
const ResponseBody = z.object({ hits: z.array(z.object({ output: b64(64), contexts: z.array(HitContext) })) });
export type BlindHit = { output: Uint8Array; contexts: HitContext[] };

const te = new TextEncoder();
const td = new TextDecoder();

export function encodeSealed(s: Sealed): SealedWire {
  return { epk: encodeBytes(s.epk), nonce: encodeBytes(s.nonce), ciphertext: encodeBytes(s.ciphertext) };
}

export function decodeSealed(w: SealedWire): Sealed {
  return { epk: decodeBytes(w.epk), nonce: decodeBytes(w.nonce), ciphertext: decodeBytes(w.ciphertext) };
}

export function encodeContextRequestBody(b: CoreRequestBody): Uint8Array {
  return te.encode(JSON.stringify({ searchId: b.searchId, replyKey: encodeBytes(b.replyKey), outputs: b.outputs.map(encodeBytes) }));
}

/** Opened request bytes → body; throws a zod error when they are not a valid body. */
export function decodeContextRequestBody(bytes: Uint8Array): CoreRequestBody {
  const b = RequestBody.parse(JSON.parse(td.decode(bytes)));
  return { searchId: b.searchId, replyKey: decodeBytes(b.replyKey), outputs: b.outputs.map(decodeBytes) };
}

export function encodeContextResponseBody(hits: ResolvedHit<HitContext>[]): Uint8Array {
  return te.encode(JSON.stringify({ hits: hits.map((h) => ({ output: encodeBytes(h.output), contexts: h.contexts })) }));
}

export function decodeContextResponseBody(bytes: Uint8Array): BlindHit[] {
  return ResponseBody.parse(JSON.parse(td.decode(bytes))).hits.map((h) => ({ output: decodeBytes(h.output), contexts: h.contexts }));
}
