/**
 * Wire contract of the hub's HTTP API, shared by the hub server, the typed client (`src/client`),
 * the CLI and the web UI. Paths are under `/api/v1`. Authentication: `Authorization: Bearer <key>`
 * (API keys) or the web session cookie plus `X-CSRF-Token` on writes.
 *
 * Search:   POST /api/v1/searches            body SearchRequest → NDJSON stream of SearchStreamEvent
 *           GET  /api/v1/searches            → { searches: SearchSummary[] } (my organisation's history)
 *           GET  /api/v1/searches/:id        → SearchResult (only the searching organisation)
 * Hits:     GET  /api/v1/hits?member=&since=&limit=  → { hits: OwnerHit[] } (hits on my organisation's data)
 * Members:  GET/POST /api/v1/members, DELETE /api/v1/members/:id
 *           POST /api/v1/members/:id/sources, DELETE /api/v1/sources/:id
 *           POST /api/v1/sources/:id/test → SourceCheck; GET /api/v1/sources/:id/health → SourceHealth
 * Users:    GET/POST /api/v1/users; GET/POST /api/v1/keys, DELETE /api/v1/keys/:id
 * Session:  POST /api/v1/session {login,password}; DELETE /api/v1/session; GET /api/v1/me → Me
 * Audit:    GET  /api/v1/audit?limit=  → { entries } (hub admins; who/when/how many, never values)
 * Errors:   { error: { code, message, details? } } with an honest HTTP status.
 * Times (createdAt, at, since, lastUsedAt) are epoch milliseconds. `POST /api/v1/searches` with
 * `Accept: application/json` (and not ndjson) answers the final SearchResult in one JSON body.
 */
import { z } from 'zod';
import { HUB_ROLES } from '../core/roles.ts';
import { MATCH_KINDS } from './match-kinds.ts';
import { HitContext } from './federation.ts';

const MatchKindEnum = z.enum(MATCH_KINDS as [string, ...string[]]);

export const SearchRequest = z.object({
  values: z.array(z.string().max(4096)).min(1).max(10_000),
  kinds: z.array(MatchKindEnum).optional(),
  /** Restrict to these member names; all members when absent. */
  members: z.array(z.string()).optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

export const Enrichment = z.object({
  asn: z.number().nullable(),
  asName: z.string().nullable(),
  country: z.string().nullable(),
  /** e.g. "VPS/Cloud: Amazon AWS", "CDN: Cloudflare", "Public DNS resolver: Google" */
  hosting: z.string().nullable(),
  /** The special-purpose block of a non-Internet address (then no country, AS or hosting), e.g. "private (RFC 1918)". */
  range: z.string().nullable().optional(),
});
export type Enrichment = z.infer<typeof Enrichment>;

/** `truncated`: the member answered more than the hub keeps (hits per value or bytes per answer); `error` says what was cut. */
export const MemberStatus = z.enum(['pending', 'ok', 'truncated', 'timeout', 'error']);

/** Why a member did not answer fully, as a code the web translates (`error` keeps the text for logs and the CLI). */
export const MemberReason = z.enum(['timeout', 'unreachable', 'dropped', 'bad_key', 'rate_limited', 'server_error', 'http_status', 'garbage', 'no_sources', 'stopped', 'truncated', 'internal']);
export type MemberReason = z.infer<typeof MemberReason>;

export const MemberResult = z.object({
  name: z.string(),
  status: MemberStatus,
  latencyMs: z.number().nullable(),
  hits: z.number().int(),
  error: z.string().nullable(),
  /** Absent in results stored before reasons existed. */
  reason: MemberReason.nullable().optional(),
});
export type MemberResult = z.infer<typeof MemberResult>;

export const MemberHit = HitContext.extend({ member: z.string(), enrichment: Enrichment.nullable() });
export type MemberHit = z.infer<typeof MemberHit>;

export const ValueResult = z.object({
  input: z.string(),
  type: z.string(),
  value: z.string(),
  /** member name → number of hits */
  hits: z.record(z.string(), z.number().int()),
  enrichment: Enrichment.nullable(),
  details: z.array(MemberHit),
});
export type ValueResult = z.infer<typeof ValueResult>;

/** A value the hub could not read: the normaliser's English reason, and its code and parameters for the UI (absent in results stored before codes). */
export const Rejected = z.object({ input: z.string(), error: z.string(), code: z.string().optional(), params: z.record(z.string(), z.string()).optional() });
export type Rejected = z.infer<typeof Rejected>;

export const SearchResult = z.object({
  id: z.string(),
  createdAt: z.number(),
  org: z.string(),
  members: z.array(MemberResult),
  results: z.array(ValueResult),
  rejected: z.array(Rejected),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** One member's answer: its status line and hits by value index (a stream `member` event, or a retry). */
export const MemberAnswer = z.object({ member: MemberResult, hits: z.array(z.object({ index: z.number(), hits: z.array(MemberHit) })) });
export type MemberAnswer = z.infer<typeof MemberAnswer>;

/** One NDJSON line of a streaming search answer. */
export const SearchStreamEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('accepted'),
    id: z.string(),
    members: z.array(z.string()),
    values: z.array(z.object({ input: z.string(), type: z.string(), value: z.string() })),
    rejected: z.array(Rejected),
  }),
  MemberAnswer.extend({ type: z.literal('member') }),
  z.object({ type: z.literal('done'), result: SearchResult }),
  /** The last line when the search could not be finished (e.g. its result could not be stored). */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type SearchStreamEvent = z.infer<typeof SearchStreamEvent>;

/** `partial`: some member failed or timed out; `interrupted`: the hub stopped before the search finished. */
export const SearchStatus = z.enum(['running', 'done', 'partial', 'interrupted']);
export type SearchStatus = z.infer<typeof SearchStatus>;

export const SearchSummary = z.object({
  id: z.string(),
  createdAt: z.number(),
  user: z.string(),
  status: SearchStatus,
  valueCount: z.number(),
  /** Null while running and for an interrupted search: its hits are unknown, not zero. */
  hitValueCount: z.number().nullable(),
  /** False once the result was purged (RENKEI_HUB_HISTORY_DAYS) or never stored; the counts stay. */
  resultKept: z.boolean(),
});
export type SearchSummary = z.infer<typeof SearchSummary>;

export const OwnerHit = z.object({
  member: z.string(),
  searcherOrg: z.string(),
  value: z.string(),
  type: z.string(),
  match: z.string(),
  attributeUuid: z.string(),
  eventUuid: z.string(),
  eventInfo: z.string().optional(),
  at: z.number(),
});
export type OwnerHit = z.infer<typeof OwnerHit>;

export const SourceKind = z.enum(['renkei', 'misp']);
/**
 * A member source's API key goes into an HTTP header on every search: visible ASCII only (no spaces,
 * control characters or lone surrogates) and at most 1,024 characters, refused here rather than failing later.
 */
export const SourceKey = z.string().min(1).max(1024).regex(/^[\x21-\x7e]+$/, 'API key must be visible ASCII characters (0x21-0x7E) only');
export const SourceInput = z.object({
  kind: SourceKind,
  url: z.string().max(2048).url(),
  apiKey: SourceKey,
  verifyTls: z.boolean().default(true),
  caFile: z.string().optional(),
});
export const Source = z.object({
  id: z.number(),
  memberId: z.number(),
  kind: SourceKind,
  url: z.string(),
  verifyTls: z.boolean(),
  status: z.enum(['unknown', 'ok', 'error']),
  lastError: z.string().nullable(),
  /** The last error as a stable code the UI translates (`source_bad_key`, …); null when the last check passed. */
  lastErrorCode: z.string().nullable().optional(),
  lastLatencyMs: z.number().nullable(),
});
export type Source = z.infer<typeof Source>;

/** A member admin's source request: a hub admin approves (checks and stores it) or rejects it. */
export const SourceRequest = z.object({
  id: z.number(),
  memberId: z.number(),
  kind: SourceKind,
  url: z.string(),
  verifyTls: z.boolean(),
  requestedAt: z.number(),
  state: z.enum(['pending', 'approved', 'rejected']),
  decidedAt: z.number().nullable(),
  sourceId: z.number().nullable(),
  note: z.string().nullable(),
});
export type SourceRequest = z.infer<typeof SourceRequest>;

/** `code`: `source_ok`, or why the check failed (`source_bad_key`, `source_not_misp`, `source_unreachable`, `source_error`) for the UI to translate. */
export const SourceCheck = z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), message: z.string(), version: z.string().nullable(), code: z.string().optional() });
export type SourceCheck = z.infer<typeof SourceCheck>;

export const SourceHealth = z.object({ source: Source, latency: z.array(z.object({ at: z.number(), ms: z.number().nullable(), ok: z.boolean() })) });

export const Member = z.object({ id: z.number(), name: z.string(), orgUuid: z.string(), sources: z.array(Source) });
export type Member = z.infer<typeof Member>;
export const MemberInput = z.object({ name: z.string().min(1).max(100) });

export const HubRole = z.enum(HUB_ROLES);
export type HubRole = z.infer<typeof HubRole>;
export const User = z.object({ id: z.number(), login: z.string(), org: z.string(), role: HubRole, locale: z.enum(['ja', 'en']).default('ja') });
export type User = z.infer<typeof User>;
export const UserInput = z.object({ login: z.string().min(1).max(100), password: z.string().min(10).max(200), role: HubRole, org: z.string().optional() });
export const ApiKeyInfo = z.object({ id: z.number(), label: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable(), prefix: z.string() });
export const Me = z.object({ user: User, csrfToken: z.string().nullable() });
export type Me = z.infer<typeof Me>;

export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
export type ApiError = z.infer<typeof ApiError>;
