/**
 * Wire contract between the hub and a Renkei node's federation endpoint.
 * `POST /federation/v1/search` (node key with role `search`): the hub asks on behalf of a searching
 * organisation; the node applies its sharing rules for that organisation, records each hit in its
 * owner hit log (never non-hit values), and answers per value index.
 * `GET /federation/v1/hits?since=<epoch ms>&limit=<n>[&order=newest][&exclude_searcher=<org>]` returns the node's hit log
 * (owner view); `at` is epoch ms.
 */
import { SignedAssertionWire } from './blind/assertion.ts';
import { z } from 'zod';
import type { HitLogEntry as HitLogRecord } from '../core/model/hit-log-entry.ts';
import { MATCH_KINDS } from './match-kinds.ts';

export const FederationSearchRequest = z.object({
  searchId: z.string().min(1).max(100),
  searcher: z.object({ name: z.string().min(1).max(200), uuid: z.string().max(64).optional() }),
  values: z.array(z.object({ type: z.string().min(1).max(64), value: z.string().min(1).max(4096) })).max(10_000),
  kinds: z.array(z.enum(MATCH_KINDS as [string, ...string[]])).default([...MATCH_KINDS]),
  /** The hub's signed searcher assertion (`core/blind/plain-request.ts`); required by keys with a pinned hub key. */
  assertion: SignedAssertionWire.optional(),
});
export type FederationSearchRequest = z.infer<typeof FederationSearchRequest>;

export const HitContext = z.object({
  match: z.enum(MATCH_KINDS as [string, ...string[]]),
  attribute: z.object({
    uuid: z.string(),
    type: z.string(),
    category: z.string(),
    value: z.string(),
    toIds: z.boolean(),
    comment: z.string(),
    firstSeen: z.string().nullable(),
    lastSeen: z.string().nullable(),
    timestamp: z.number(),
    tags: z.array(z.string()),
  }),
  event: z.object({
    uuid: z.string(),
    info: z.string(),
    date: z.string(),
    orgc: z.string(),
    tags: z.array(z.string()),
    threatLevel: z.number(),
  }),
  warninglists: z.array(z.string()),
});
export type HitContext = z.infer<typeof HitContext>;

export const FederationSearchResponse = z.object({
  results: z.array(z.object({ index: z.number().int().nonnegative(), hits: z.array(HitContext) })),
  tookMs: z.number(),
});
export type FederationSearchResponse = z.infer<typeof FederationSearchResponse>;

/** Header naming the member organisation on whose behalf the hub's search key reads a node's hit log (or `?org=`). */
export const ON_BEHALF_HEADER = 'x-renkei-on-behalf-of';

export const HitLogEntry = z.object({
  searchId: z.string(),
  searcherOrg: z.string(),
  value: z.string(),
  type: z.string(),
  attributeUuid: z.string(),
  eventUuid: z.string(),
  match: z.string(),
  at: z.number(),
}) satisfies z.ZodType<HitLogRecord>;
export type HitLogEntry = z.infer<typeof HitLogEntry>;
