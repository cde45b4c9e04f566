/** Blind evaluation: searcher → hub → node and back. The hub adds the assertion and relays bytes it cannot use. */
import { z } from 'zod';
import { DEFAULT_BUDGET } from '../../core/blind/budget.ts';
import { SignedAssertionWire } from './assertion.ts';
import { b64 } from './bytes.ts';

/** What the searcher sends the hub for one node (the hub signs the assertion and forwards `BlindEvaluateRequest`). */
export const BlindEvaluateCall = z.object({
  node: z.string().min(1).max(100),
  epoch: z.number().int().nonnegative(),
  blinded: z.array(b64(32)).min(1).max(DEFAULT_BUDGET.batchCap),
});
export type BlindEvaluateCall = z.infer<typeof BlindEvaluateCall>;

export const BlindEvaluateRequest = z.object({
  assertion: SignedAssertionWire,
  epoch: z.number().int().nonnegative(),
  blinded: z.array(b64(32)).min(1).max(DEFAULT_BUDGET.batchCap),
});
export type BlindEvaluateRequest = z.infer<typeof BlindEvaluateRequest>;

export const BlindEvaluateResponse = z.object({
  epoch: z.number().int().nonnegative(),
  evaluated: z.array(b64(32)),
  proof: b64(64),
  remaining: z.number().int(),
});
export type BlindEvaluateResponse = z.infer<typeof BlindEvaluateResponse>;
