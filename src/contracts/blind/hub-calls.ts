/** Searcher ↔ hub messages of a blind search (the hub relays to member nodes; it never sees a value). */
import { z } from 'zod';
import { MemberResult } from '../hub-api.ts';
import { MATCH_KINDS } from '../match-kinds.ts';
import { HaveVersion } from './sets.ts';
import { SealedWire } from './context.ts';
import { b64 } from './bytes.ts';
import { DEFAULT_BUDGET } from '../../core/blind/budget.ts';

const MatchKindEnum = z.enum(MATCH_KINDS as [string, ...string[]]);

export const BlindSearchStart = z
  .object({
    /** How many values the searcher will search (for history and audit: a count, never the values). */
    valueCount: z.number().int().min(1).max(10_000),
    kinds: z.array(MatchKindEnum).optional(),
    members: z.array(z.string()).optional(),
  })
  .strict();
export type BlindSearchStart = z.infer<typeof BlindSearchStart>;

export const BlindSearchStarted = z.object({ id: z.string(), members: z.array(z.string()) });
export type BlindSearchStarted = z.infer<typeof BlindSearchStarted>;

export const BlindSetsCall = z.object({ member: z.string().min(1).max(200), have: z.array(HaveVersion).max(200).default([]) }).strict();
export const BlindEvaluateHubCall = z.object({ member: z.string().min(1).max(200), epoch: z.number().int().nonnegative(), blinded: z.array(b64(32)).min(1).max(DEFAULT_BUDGET.batchCap) }).strict();
export const BlindContextCall = z.object({ member: z.string().min(1).max(200), epoch: z.number().int().nonnegative(), sealed: SealedWire }).strict();

/** Per member: the counts shown in history, and whether the member was searched blind. */
export const BlindMemberResult = MemberResult.extend({ blind: z.boolean() });
export type BlindMemberResult = z.infer<typeof BlindMemberResult>;

export const BlindSearchFinish = z
  .object({
    members: z.array(BlindMemberResult).max(1000),
    hitValueCount: z.number().int().nonnegative(),
    /** The searcher's own encrypted copy of its results (only it holds the key). */
    sealed: SealedWire.nullable(),
  })
  .strict();
export type BlindSearchFinish = z.infer<typeof BlindSearchFinish>;
