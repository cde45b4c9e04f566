/** Wire schemas of the address-space routes. */
import { z } from 'zod';

/** A member registers a prefix or an AS number; a hub admin names the member, a member admin claims for its own. */
export const ClaimInput = z.object({
  kind: z.enum(['prefix', 'asn']),
  value: z.string().min(1).max(64),
  memberId: z.number().int().positive().optional(),
}).strict();

export const DecisionInput = z.object({ note: z.string().max(500).optional() }).strict();
