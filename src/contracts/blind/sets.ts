/** Token-set fetch: hub → node with an assertion (the searcher's organisation decides which audiences), node → hub → searcher. */
import { z } from 'zod';
import { SignedAssertionWire } from './assertion.ts';
import { b64 } from './bytes.ts';
import { TokenSetDescriptor } from './token-set.ts';

export const HaveVersion = z.object({ audience: z.string().min(1).max(120), epoch: z.number().int().nonnegative(), version: z.number().int().nonnegative() });

export const BlindSetsRequest = z.object({ assertion: SignedAssertionWire, have: z.array(HaveVersion).max(200).default([]) }).strict();
export type BlindSetsRequest = z.infer<typeof BlindSetsRequest>;

export const SetDeltaBody = z.object({ fromVersion: z.number().int().nonnegative(), toVersion: z.number().int().positive(), added: b64(), removed: b64() });

/** One audience's set: the whole body, or the deltas from the version the caller has (empty: unchanged). */
export const PublishedSetWire = z.object({ descriptor: TokenSetDescriptor, tags: b64().optional(), deltas: z.array(SetDeltaBody).optional() });
export type PublishedSetWire = z.infer<typeof PublishedSetWire>;

export const BlindSetsResponse = z.object({ epoch: z.number().int().nonnegative(), sets: z.array(PublishedSetWire) });
export type BlindSetsResponse = z.infer<typeof BlindSetsResponse>;
