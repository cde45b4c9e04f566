/**
 * The hub's storage port: organisations, users, API keys, sessions, members and their sources, search
 * history, the audit log, source latency history and the hub-kept hit log for MISP sources.
 * Two adapters share one SQL implementation (`sql-hub-store.ts`) over SQLite and PostgreSQL runners.
 */
import type { HubRole } from '../../core/roles.ts';

export interface HubOrg {
  id: number;
  uuid: string;
  name: string;
}

export interface HubUserRow {
  id: number;
  login: string;
  orgId: number;
  orgName: string;
  role: HubRole;
  locale: 'ja' | 'en';
  passwordHash: string | null;
  failedLogins: number;
  lockedUntil: number | null;
}

export interface ApiKeyRow {
  id: number;
  userId: number;
  label: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface SessionRow {
  userId: number;
  csrfToken: string;
  expiresAt: number;
}

export interface MemberRow {
  id: number;
  orgId: number;
  name: string;
  orgUuid: string;
}

export type SourceKindName = 'renkei' | 'misp';

export interface SourceRow {
  id: number;
  memberId: number;
  kind: SourceKindName;
  url: string;
  /** Encrypted credential blob; only the hub's source connectors decrypt it. */
  secret: string;
  verifyTls: boolean;
  caFile: string | null;
  status: 'unknown' | 'ok' | 'error';
  lastError: string | null;
  lastLatencyMs: number | null;
}

export type SearchStatus = 'running' | 'done' | 'partial' | 'interrupted';

export interface SearchRow {
  id: string;
  orgId: number;
  userId: number;
  userLogin: string;
  createdAt: number;
  /** `partial`: finished with some member failing; `interrupted`: the hub stopped before it finished. */
  status: SearchStatus;
  valueCount: number;
  /** Meaningful only once finished (`done` or `partial`). */
  hitValueCount: number;
  /** JSON of the full SearchResult once done. */
  resultJson: string | null;
}

/** A member admin's request for a source; only a hub admin turns it into a source. */
export interface SourceRequestRow {
  id: number;
  memberId: number;
  kind: SourceKindName;
  url: string;
  /** Sealed credential, as for sources. */
  secret: string;
  verifyTls: boolean;
  requestedBy: number;
  requestedAt: number;
  state: 'pending' | 'approved' | 'rejected';
  decidedBy: number | null;
  decidedAt: number | null;
  sourceId: number | null;
  note: string | null;
}

export interface AuditEntry {
  at: number;
  actorUserId: number | null;
  actorOrg: string | null;
  action: string;
  /** How many values or records were involved; never the values themselves. */
  count: number | null;
  detail: string | null;
}

export interface OwnerHitRow {
  memberId: number;
  searchId: string;
  searcherOrg: string;
  value: string;
  type: string;
  match: string;
  attributeUuid: string;
  eventUuid: string;
  eventInfo: string;
  at: number;
}

/** Hub settings (key → value), e.g. the sealing key's check value and the hub's signing key. */
export interface HubSettingsStore {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  deleteSetting(key: string): Promise<void>;
}

/** Identity: organisations, users and their sign-in state, API keys, sessions. */
export interface IdentityStore {
  ensureOrg(name: string, uuid?: string): Promise<HubOrg>;
  getOrg(idOrName: number | string): Promise<HubOrg | null>;
  listOrgs(): Promise<HubOrg[]>;

  createUser(u: { login: string; orgId: number; role: HubRole; passwordHash: string | null; locale?: 'ja' | 'en' }): Promise<HubUserRow>;
  getUser(idOrLogin: number | string): Promise<HubUserRow | null>;
  listUsers(orgId?: number): Promise<HubUserRow[]>;
  setLoginState(userId: number, failedLogins: number, lockedUntil: number | null): Promise<void>;
  /**
   * Counts one sign-in attempt atomically before the password is checked (a lapsed lock restarts the
   * count): the attempt's number, or null while the account is locked.
   */
  countSignInAttempt(userId: number, now: number): Promise<number | null>;
  /** Locks the account until `until` unless it is locked already. */
  lockSignIn(userId: number, until: number): Promise<void>;
  /** Clears the count after a correct password, only if the account is not locked (else false). */
  clearSignInAttempts(userId: number, now: number): Promise<boolean>;

  createApiKey(k: { userId: number; label: string; prefix: string; hash: string; createdAt: number }): Promise<ApiKeyRow>;
  findApiKey(hash: string): Promise<ApiKeyRow | null>;
  listApiKeys(userId: number): Promise<ApiKeyRow[]>;
  deleteApiKey(id: number, userId: number): Promise<boolean>;
  touchApiKey(id: number, at: number): Promise<void>;

  createSession(s: { idHash: string; userId: number; csrfToken: string; expiresAt: number }): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | null>;
  deleteSession(idHash: string): Promise<void>;
}

/** Members, their sources, members' source requests and source health. */
export interface MemberStore {
  createMember(orgId: number, name: string): Promise<MemberRow>;
  getMember(idOrName: number | string): Promise<MemberRow | null>;
  getMemberByOrg(orgId: number): Promise<MemberRow | null>;
  listMembers(): Promise<MemberRow[]>;
  deleteMember(id: number): Promise<boolean>;

  addSource(s: { memberId: number; kind: SourceKindName; url: string; secret: string; verifyTls: boolean; caFile: string | null }): Promise<SourceRow>;
  getSource(id: number): Promise<SourceRow | null>;
  listSources(memberId?: number): Promise<SourceRow[]>;
  deleteSource(id: number): Promise<boolean>;
  setSourceStatus(id: number, status: 'ok' | 'error', lastError: string | null, latencyMs: number | null, at: number): Promise<void>;
  addSourceRequest(r: { memberId: number; kind: SourceKindName; url: string; secret: string; verifyTls: boolean; requestedBy: number; requestedAt: number }): Promise<SourceRequestRow>;
  getSourceRequest(id: number): Promise<SourceRequestRow | null>;
  listSourceRequests(memberId?: number): Promise<SourceRequestRow[]>;
  /** Moves a pending request to approved/rejected; false when it was not pending (decided once only). */
  decideSourceRequest(id: number, d: { state: 'approved' | 'rejected'; by: number; at: number; sourceId: number | null; note: string | null }): Promise<boolean>;
  /** The newest `limit` health checks of a source, oldest first (the order the latency chart draws them). */
  latencyHistory(sourceId: number, limit: number): Promise<{ at: number; ms: number | null; ok: boolean }[]>;
}

/** Search history and stored results. */
export interface SearchHistoryStore {
  /** Records a `running` search of hub process `instance` (see `interruptOrphanedSearches`). */
  startSearch(s: { id: string; orgId: number; userId: number; createdAt: number; valueCount: number; instance?: string | null }): Promise<void>;
  finishSearch(id: string, hitValueCount: number, resultJson: string, status?: 'done' | 'partial'): Promise<void>;
  /** Drops the stored results of searches created before `before` (history rows and counts stay); returns how many. */
  purgeSearchResults(before: number): Promise<number>;
  /**
   * Marks `interrupted` the `running` searches whose hub process is gone: those of `self` (a hub starting
   * under that name runs none yet), of no named process, and of processes not seen since `staleBefore`
   * (another live hub heartbeats, so its searches stay `running`); returns how many.
   */
  interruptOrphanedSearches(o: { self?: string; staleBefore: number }): Promise<number>;
  /** Records that hub process `instance` is alive at `at`. */
  heartbeat(instance: string, at: number): Promise<void>;
  getSearch(id: string): Promise<SearchRow | null>;
  listSearches(orgId: number, limit: number): Promise<SearchRow[]>;
}

/** The hub's audit log (counts, never values). */
export interface AuditStore {
  audit(e: AuditEntry): Promise<void>;
  listAudit(limit: number): Promise<AuditEntry[]>;
}

/** The hub-kept owner hit log (for MISP sources, which keep none of their own). */
export interface OwnerHitStore {
  recordOwnerHits(rows: OwnerHitRow[]): Promise<void>;
  /** Newest first; `excludeSearcher` leaves that searching organisation's rows out before the limit. */
  listOwnerHits(memberId: number, since: number, limit: number, excludeSearcher?: string): Promise<OwnerHitRow[]>;
  /** Deletes hub-kept hit-log rows older than `before`; returns how many. */
  purgeOwnerHits(before: number): Promise<number>;
}

/** A port whose writes can be grouped in one transaction; inside it, the same port bound to that transaction. */
export interface Transactional<S> {
  transaction<T>(fn: (tx: S) => Promise<T>): Promise<T>;
}

/**
 * The hub store: one port per feature above, one SQL implementation, one transaction across them. New
 * features add their own store (see `open-hub-storage.ts`) rather than growing this one.
 */
export interface HubStore extends HubSettingsStore, IdentityStore, MemberStore, SearchHistoryStore, AuditStore, OwnerHitStore {
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Runs `fn` on a store bound to one transaction: all its writes commit together or none do. */
  transaction<T>(fn: (tx: HubStore) => Promise<T>): Promise<T>;
}
