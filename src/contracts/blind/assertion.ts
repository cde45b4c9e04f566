/** Signed searcher assertion on the wire (see `core/blind/assertion.ts`). */
import { z } from 'zod';
import { b64 } from './bytes.ts';

export const SignedAssertionWire = z.object({
  searchId: z.string().min(1).max(100),
  searcherOrg: z.string().min(1).max(64),
  searcherName: z.string().min(1).max(200).optional(),
  node: z.string().min(1).max(100),
  valuesDigest: z.string().regex(/^[0-9a-f]{64}$/),
  expiresAt: z.number().int().positive(),
  nonce: b64(16),
  signature: b64(64),
});
export type SignedAssertionWire = z.infer<typeof SignedAssertionWire>;
