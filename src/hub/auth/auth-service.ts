/**
 * Hub authentication: API keys (`Authorization: Bearer rk_…`, stored hashed), web sessions (random id in
 * an HTTP-only cookie, stored hashed, with a CSRF token), password sign-in with lockout.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { HubRole } from '../../contracts/hub-api.ts';
import type { ApiKeyRow, HubUserRow, AuditStore, IdentityStore } from '../../storage/hub/port.ts';
import type { AdminStore } from '../../storage/admin/port.ts';
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
  /** Checks a password; returns a new session id and its CSRF token. Throws unauthenticated or sign_in_locked (with `retryAt`). */
  signIn(login: string, password: string): Promise<{ sessionId: string; principal: HubPrincipal }>;
  signOut(sessionId: string): Promise<void>;
  createUser(u: { login: string; password: string | null; orgName: string; role: HubRole; locale?: 'ja' | 'en' }): Promise<HubUserRow>;
  createKey(userId: number, label: string): Promise<{ key: string; info: ApiKeyRow }>;
}

/** Unknown logins whose failures are tracked in memory (oldest forgotten first). */
const PHANTOM_MAX = 10_000;

/** The one answer for a locked login, known or not: a stable code and when to try again (the web UI words it). */
function lockedError(until: number): RenkeiError {
  return new RenkeiError('sign_in_locked', `too many failed sign-ins for this login; try again after ${new Date(until).toISOString()}`, { retryAt: until });
}

/**
 * Builds the auth service over the hub store. `accounts` (the admin store) is asked on every request
 * whether the user is disabled and the key expired, so no path lets a disabled user or an expired key in.
 */
export function createAuthService(store: IdentityStore & AuditStore, cfg: AuthConfig, now: () => number = Date.now, accounts?: Pick<AdminStore, 'access'>): AuthService {
  const allowed = async (userId: number, keyId: number | null): Promise<boolean> => {
    if (!accounts) return true;
    const a = await accounts.access(userId, keyId);
    return a.disabledAt === null && (a.keyExpiresAt === null || a.keyExpiresAt > now());
  };
  const phantom = new Map<string, { count: number; lockedUntil: number }>();
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
      if (!user || !(await allowed(user.id, row.id))) return null;
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
      return user && (await allowed(user.id, null)) ? principalOf(user, 'session', s.csrfToken) : null;
    },
    async signIn(login, password) {
      const t = now();
      const user = await store.getUser(login);
      if (!user || !user.passwordHash) {
        // Unknown logins lock like real ones, so a locked answer does not tell whether the login exists.
        const p = phantom.get(login);
        if (p && p.lockedUntil > t) throw lockedError(p.lockedUntil);
        const count = p && p.lockedUntil === 0 ? p.count + 1 : 1;
        const lockedUntil = count >= cfg.maxFailedLogins ? t + cfg.lockoutMs : 0;
        phantom.delete(login);
        phantom.set(login, { count, lockedUntil });
        if (phantom.size > PHANTOM_MAX) phantom.delete(phantom.keys().next().value!);
        // Still spend the scrypt time of a real check.
        await hashPassword(password);
        await store.audit({ at: t, actorUserId: null, actorOrg: null, action: 'sign-in-failed', count: null, detail: 'unknown login' });
        throw new RenkeiError('unauthenticated', 'wrong login or password');
      }
      // The attempt is counted before the password is checked, in one statement, so a burst of parallel
      // attempts cannot all slip in under the limit.
      const attempt = await store.countSignInAttempt(user.id, t);
      if (attempt === null) throw lockedError((await store.getUser(user.id))?.lockedUntil ?? t + cfg.lockoutMs);
      if (attempt > cfg.maxFailedLogins) {
        await store.lockSignIn(user.id, t + cfg.lockoutMs);
        await store.audit({ at: t, actorUserId: user.id, actorOrg: user.orgName, action: 'sign-in-locked', count: attempt, detail: null });
        throw lockedError((await store.getUser(user.id))?.lockedUntil ?? t + cfg.lockoutMs);
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const lock = attempt >= cfg.maxFailedLogins;
        if (lock) await store.lockSignIn(user.id, now() + cfg.lockoutMs);
        await store.audit({ at: now(), actorUserId: user.id, actorOrg: user.orgName, action: lock ? 'sign-in-locked' : 'sign-in-failed', count: attempt, detail: null });
        throw new RenkeiError('unauthenticated', 'wrong login or password');
      }
      // A disabled account answers like a wrong password: the answer does not say the login exists.
      if (!(await allowed(user.id, null))) {
        await store.audit({ at: now(), actorUserId: user.id, actorOrg: user.orgName, action: 'sign-in-disabled', count: null, detail: null });
        throw new RenkeiError('unauthenticated', 'wrong login or password');
      }
      // A correct password does not open an account that other attempts locked meanwhile.
      if (!(await store.clearSignInAttempts(user.id, now()))) throw lockedError((await store.getUser(user.id))?.lockedUntil ?? now() + cfg.lockoutMs);
      const sessionId = newToken();
      const csrf = newToken();
      await store.createSession({ idHash: tokenHash(sessionId), userId: user.id, csrfToken: csrf, expiresAt: now() + cfg.sessionTtlMs });
      await store.audit({ at: now(), actorUserId: user.id, actorOrg: user.orgName, action: 'sign-in', count: null, detail: null });
      const principal = await principalOf(user, 'session', csrf);
      if (!principal) throw new RenkeiError('unauthenticated', 'wrong login or password');
      return { sessionId, principal };
    },
    async signOut(sessionId) {
      const s = await store.getSession(tokenHash(sessionId));
      await store.deleteSession(tokenHash(sessionId));
      if (s) {
        const u = await store.getUser(s.userId);
        await store.audit({ at: now(), actorUserId: s.userId, actorOrg: u?.orgName ?? null, action: 'sign-out', count: null, detail: null });
      }
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
