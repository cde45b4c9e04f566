/**
 * The hub's administration store: account state the hub store does not keep (disabled users, API key
 * expiry) and the operator's changes to identity and member rows (role, password, member name, source),
 * plus the audit log read with filters. It shares the hub's database and tables; its own tables are
 * `hub_user_disabled` and `hub_api_key_expiry`.
 */
import type { HubRole } from '../../core/roles.ts';
import type { ApiKeyRow } from '../hub/port.ts';

/** What the auth service asks on every request: is the user disabled, does this key expire and when. */
export interface AccountAccess {
  disabledAt: number | null;
  keyExpiresAt: number | null;
}

/** An API key with its expiry (kept in this store's table beside the hub's key row). */
export interface AdminKeyRow extends ApiKeyRow {
  expiresAt: number | null;
}

export interface AuditFilter {
  action?: string;
  /** The acting organisation's name. */
  org?: string;
  /** The acting user's login. */
  actor?: string;
  /** Inclusive lower bound, exclusive upper bound (epoch ms). */
  since?: number;
  until?: number;
  limit: number;
}

export interface AuditRecord {
  id: number;
  at: number;
  actorUserId: number | null;
  actorLogin: string | null;
  actorOrg: string | null;
  action: string;
  count: number | null;
  detail: string | null;
}

export interface AdminStore {
  migrate(): Promise<void>;
  /** One lookup per request: the user's disabled time and (for a key caller) the key's expiry. */
  access(userId: number, keyId: number | null): Promise<AccountAccess>;
  /** Disabled time of each given user that is disabled. */
  disabledUsers(userIds: number[]): Promise<Map<number, number>>;
  /** Disables a user (ending its sessions in the same transaction), or enables it with `at` null. False: no such user. */
  setDisabled(userId: number, at: number | null, by: number): Promise<boolean>;
  setRole(userId: number, role: HubRole): Promise<boolean>;
  /** Sets a new password hash, clears the sign-in lockout and ends the user's sessions, in one transaction. */
  setPassword(userId: number, passwordHash: string): Promise<boolean>;

  /** Keys of the given users, with expiry, oldest first. */
  listKeys(userIds: number[]): Promise<AdminKeyRow[]>;
  getKey(id: number): Promise<AdminKeyRow | null>;
  /** Sets (or with null clears) when a key stops working. */
  setKeyExpiry(keyId: number, at: number | null): Promise<boolean>;

  /** The audit log, newest first, filtered. */
  searchAudit(f: AuditFilter): Promise<AuditRecord[]>;

  /** Renames a member and its organisation together (one transaction). False: no such member. */
  renameMember(memberId: number, name: string): Promise<boolean>;
  /** Changes a source's URL, TLS check and (when given) sealed credential; its health restarts at `ok` as checked at `at`. */
  updateSource(sourceId: number, s: { url: string; verifyTls: boolean; secret: string | null; latencyMs: number | null; at: number }): Promise<boolean>;
}
