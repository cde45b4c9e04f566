/**
 * Hub authentication: API keys (`Authorization: Bearer rk_…`, stored hashed), web sessions (random id in
 * an HTTP-only cookie, stored hashed, with a CSRF token), password sign-in with lockout.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { HubRole } from '../../contracts/hub-api.ts';
import type { ApiKeyRow, HubStore, HubUserRow } from '../../storage/hub/port.ts';
import { hashPassword, newToken, tokenHash, verifyPassword } from './crypto.ts';

export interface HubPrincipal {
  userId: number;
  login: string;
  orgId: number;
  orgName: string;
  orgUuid: string;
  role: HubRole;
  locale: 'ja' | 'en';
  via: 'key' | 'session';
  /** Set for session callers: writes must echo it in `X-CSRF-Token`. */
  csrfToken: string | null;
}

export interface AuthConfig {
  sessionTtlMs: number;
  maxFailedLogins: number;
  lockoutMs: number;
}

export interface AuthService {
  fromKey(key: string): Promise<HubPrincipal | null>;
  fromSession(sessionId: string): Promise<HubPrincipal | null>;
  /** Checks a password; returns a new session id and its CSRF token. Throws unauthenticated/rate_limited. */
  signIn(login: string, password: string): Promise<{ sessionId: string; principal: HubPrincipal }>;
  signOut(sessionId: string): Promise<void>;
  createUser(u: { login: string; password: string | null; orgName: string; role: HubRole; locale?: 'ja' | 'en' }): Promise<HubUserRow>;
  createKey(userId: number, label: string): Promise<{ key: string; info: ApiKeyRow }>;
}

/** Builds the auth service over the hub store. */
export function createAuthService(store: HubStore, cfg: AuthConfig, now: () => number = Date.now): AuthService {
  const principalOf = async (user: HubUserRow, via: 'key' | 'session', csrf: string | null): Promise<HubPrincipal | null> => {
    const org = await store.getOrg(user.orgId);
    if (!org) return null;
    return { userId: user.id, login: user.login, orgId: org.id, orgName: org.name, orgUuid: org.uuid, role: user.role, locale: user.locale, via, csrfToken: csrf };
  };
  return {
    async fromKey(key) {
      if (!key || key.length > 200) return null;
      const row = await store.findApiKey(tokenHash(key));
      if (!row) return null;
      const user = await store.getUser(row.userId);
      if (!user) return null;
      if (row.lastUsedAt === null || now() - row.lastUsedAt > 60_000) await store.touchApiKey(row.id, now());
      return principalOf(user, 'key', null);
    },
    async fromSession(sessionId) {
      if (!sessionId || sessionId.length > 200) return null;
      const s = await store.getSession(tokenHash(sessionId));
      if (!s) return null;
      if (s.expiresAt < now()) {
        await store.deleteSession(tokenHash(sessionId));
        return null;
      }
      const user = await store.getUser(s.userId);
      return user ? principalOf(user, 'session', s.csrfToken) : null;
    },
    async signIn(login, password) {
      const user = await store.getUser(login);
      // Same message for unknown users and bad passwords; still spend the scrypt time.
      if (!user || !user.passwordHash) {
        await hashPassword(password);
        throw new RenkeiError('unauthenticated', 'wrong login or password');
      }
      if (user.lockedUntil !== null && user.lockedUntil > now()) {
        throw new RenkeiError('rate_limited', 'too many failed sign-ins; the account is locked for a while', { lockedUntil: user.lockedUntil });
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const failed = user.failedLogins + 1;
        const lock = failed >= cfg.maxFailedLogins ? now() + cfg.lockoutMs : null;
        await store.setLoginState(user.id, lock ? 0 : failed, lock);
        await store.audit({ at: now(), actorUserId: user.id, actorOrg: user.orgName, action: lock ? 'sign-in-locked' : 'sign-in-failed', count: null, detail: null });
        throw new RenkeiError('unauthenticated', 'wrong login or password');
      }
      if (user.failedLogins > 0 || user.lockedUntil !== null) await store.setLoginState(user.id, 0, null);
      const sessionId = newToken();
      const csrf = newToken();
      await store.createSession({ idHash: tokenHash(sessionId), userId: user.id, csrfToken: csrf, expiresAt: now() + cfg.sessionTtlMs });
      await store.audit({ at: now(), actorUserId: user.id, actorOrg: user.orgName, action: 'sign-in', count: null, detail: null });
      const principal = await principalOf(user, 'session', csrf);
      if (!principal) throw new RenkeiError('unauthenticated', 'wrong login or password');
      return { sessionId, principal };
    },
    async signOut(sessionId) {
      await store.deleteSession(tokenHash(sessionId));
    },
    async createUser(u) {
      if (await store.getUser(u.login)) throw new RenkeiError('conflict', `user ${u.login} exists`);
      const org = await store.ensureOrg(u.orgName);
      return store.createUser({ login: u.login, orgId: org.id, role: u.role, passwordHash: u.password === null ? null : await hashPassword(u.password), ...(u.locale ? { locale: u.locale } : {}) });
    },
    async createKey(userId, label) {
      const key = newToken('rk_');
      const info = await store.createApiKey({ userId, label, prefix: key.slice(0, 7), hash: tokenHash(key), createdAt: now() });
      return { key, info };
    },
  };
}
