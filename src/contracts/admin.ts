/**
 * Wire schemas of hub administration: user accounts (role, disabled, password reset), API key lifecycle
 * (rotate, expire; last-used time), the audit log with filters, and member/source edits.
 */
import { z } from 'zod';
import { HubRole, SourceKey } from './hub-api.ts';

/** A user as admins see it: sign-in state included, never the password hash. */
export const AdminUser = z.object({
  id: z.number(),
  login: z.string(),
  org: z.string(),
  role: HubRole,
  locale: z.enum(['ja', 'en']),
  /** When the account was disabled; null while enabled. */
  disabledAt: z.number().nullable(),
  /** Until when failed sign-ins lock it; null when not locked. */
  lockedUntil: z.number().nullable(),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** One change of a user account: a new role, or disabled/enabled. */
export const UserPatch = z.object({ role: HubRole.optional(), disabled: z.boolean().optional() }).strict().refine((p) => p.role !== undefined || p.disabled !== undefined, 'name a role or disabled');
export type UserPatch = z.infer<typeof UserPatch>;

export const PasswordReset = z.object({ password: z.string().min(10).max(200) }).strict();

/** An API key as listed: when it expires (null: never), when it was last used. */
export const ApiKeyView = z.object({
  id: z.number(),
  userId: z.number(),
  label: z.string(),
  prefix: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  expiresAt: z.number().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** Longest grace period of a rotated key (7 days). */
export const MAX_ROTATE_GRACE_HOURS = 168;
/** Rotation: a new secret under the same label; the old key keeps working for `graceHours` (0: stops now). */
export const KeyRotate = z.object({ graceHours: z.number().int().min(0).max(MAX_ROTATE_GRACE_HOURS).default(0) }).strict();
/** Expiry: at `expiresAt` (epoch ms; now or later), or `null` to never expire. */
export const KeyExpire = z.object({ expiresAt: z.number().int().nonnegative().nullable() }).strict();
export const KeyCreate = z.object({ label: z.string().trim().min(1).max(100).default('api key'), expiresAt: z.number().int().positive().nullable().default(null) }).strict();

/** Audit log filters (all optional); newest first. */
export const AuditQuery = z
  .object({
    action: z.string().max(64).optional(),
    org: z.string().max(200).optional(),
    actor: z.string().max(100).optional(),
    since: z.coerce.number().int().nonnegative().optional(),
    until: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(200),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditRow = z.object({
  id: z.number(),
  at: z.number(),
  actorUserId: z.number().nullable(),
  /** The actor's login now (null for anonymous events such as an unknown login's failed sign-in). */
  actorLogin: z.string().nullable(),
  actorOrg: z.string().nullable(),
  action: z.string(),
  count: z.number().nullable(),
  detail: z.string().nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const MemberPatch = z.object({ name: z.string().trim().min(1).max(100) }).strict();
/** A source edit: the URL, the TLS check, and a new key (omitted: keep the stored one). Checked before it is stored. */
export const SourcePatch = z.object({ url: z.string().max(2048).url(), verifyTls: z.boolean(), apiKey: SourceKey.optional() }).strict();
export type SourcePatch = z.infer<typeof SourcePatch>;
