/**
 * Account administration: users (role, disabled, password reset), API keys (create, rotate, expire, with
 * last-used time) and the audit log. Every change asks `decideAccountChange` (core) and is audited here,
 * so HTTP, CLI or any later path gets the same rule.
 */
import { decideAccountChange, canSeeAccount, type AccountChange } from '../../core/admin/account-rule.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { HubRole } from '../../core/roles.ts';
import type { AdminUser, ApiKeyView, AuditQuery, AuditRow } from '../../contracts/admin.ts';
import type { AdminKeyRow, AdminStore } from '../../storage/admin/port.ts';
import type { AuditStore, HubUserRow, IdentityStore } from '../../storage/hub/port.ts';
import type { AuthService, HubPrincipal } from '../auth/auth-service.ts';
import { hashPassword } from '../auth/crypto.ts';

export interface AccountService {
  /** The users `who` administers (hub admin: all; member admin: its organisation's). Analysts: forbidden. */
  listUsers(who: HubPrincipal): Promise<AdminUser[]>;
  setRole(who: HubPrincipal, userId: number, role: HubRole): Promise<AdminUser>;
  setDisabled(who: HubPrincipal, userId: number, disabled: boolean): Promise<AdminUser>;
  /** Sets a new password, clears any lockout and ends the user's sessions. */
  resetPassword(who: HubPrincipal, userId: number, password: string): Promise<AdminUser>;
  /** `who`'s own keys, or (admins) another user's. */
  listKeys(who: HubPrincipal, userId?: number): Promise<ApiKeyView[]>;
  createKey(who: HubPrincipal, label: string, expiresAt: number | null): Promise<{ key: string; info: ApiKeyView }>;
  /** A new secret under the same label for one of `who`'s own keys; the old one works `graceHours` more (0: stops now). */
  rotateKey(who: HubPrincipal, keyId: number, graceHours: number): Promise<{ key: string; info: ApiKeyView; previous: ApiKeyView }>;
  /** Sets when a key stops working (a time already past means now; null: never). Own keys, or an admin's users'. */
  expireKey(who: HubPrincipal, keyId: number, at: number | null): Promise<ApiKeyView>;
  /** The audit log; a member admin reads its own organisation's entries only. */
  audit(who: HubPrincipal, q: AuditQuery): Promise<AuditRow[]>;
}

const HOUR = 3_600_000;

const keyView = (k: AdminKeyRow): ApiKeyView => ({ id: k.id, userId: k.userId, label: k.label, prefix: k.prefix, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, expiresAt: k.expiresAt });
const actorOf = (who: HubPrincipal) => ({ userId: who.userId, orgId: who.orgId, role: who.role });

/** Builds the account service. */
export function createAccountService(deps: { store: IdentityStore & AuditStore; admin: AdminStore; auth: AuthService; now: () => number }): AccountService {
  const { store, admin, now } = deps;
  const audit = (who: HubPrincipal, action: string, detail: string) => store.audit({ at: now(), actorUserId: who.userId, actorOrg: who.orgName, action, count: 1, detail });
  const view = async (u: HubUserRow): Promise<AdminUser> => {
    const disabled = await admin.disabledUsers([u.id]);
    const locked = u.lockedUntil !== null && u.lockedUntil > now() ? u.lockedUntil : null;
    return { id: u.id, login: u.login, org: u.orgName, role: u.role, locale: u.locale, disabledAt: disabled.get(u.id) ?? null, lockedUntil: locked };
  };
  /** The target user, when `who` may make `change` to it. */
  const target = async (who: HubPrincipal, userId: number, change: AccountChange): Promise<HubUserRow> => {
    const u = await store.getUser(userId);
    const decision = u ? decideAccountChange(actorOf(who), { id: u.id, orgId: u.orgId, role: u.role }, change) : 'hidden';
    if (decision === 'hidden' || !u) throw new RenkeiError('not_found', `no user ${userId}`);
    if (decision === 'refused') throw new RenkeiError('forbidden', `you may not change this account (${change.kind})`, { reason: `account_${change.kind}` });
    return u;
  };
  const requireAdmin = (who: HubPrincipal): void => {
    if (who.role === 'analyst') throw new RenkeiError('forbidden', 'needs role hub-admin or member-admin');
  };
  const keyOf = async (keyId: number): Promise<AdminKeyRow> => {
    const k = await admin.getKey(keyId);
    if (!k) throw new RenkeiError('not_found', `no key ${keyId}`);
    return k;
  };

  return {
    async listUsers(who) {
      requireAdmin(who);
      const rows = (await store.listUsers(who.role === 'hub-admin' ? undefined : who.orgId)).filter((u) => canSeeAccount(actorOf(who), { id: u.id, orgId: u.orgId, role: u.role }));
      const disabled = await admin.disabledUsers(rows.map((u) => u.id));
      return rows.map((u) => ({ id: u.id, login: u.login, org: u.orgName, role: u.role, locale: u.locale, disabledAt: disabled.get(u.id) ?? null, lockedUntil: u.lockedUntil !== null && u.lockedUntil > now() ? u.lockedUntil : null }));
    },
    async setRole(who, userId, role) {
      const u = await target(who, userId, { kind: 'role', role });
      if (u.role !== role) {
        await admin.setRole(u.id, role);
        await audit(who, 'user-role', `${u.login} in ${u.orgName}: ${u.role} → ${role}`);
      }
      return view((await store.getUser(u.id))!);
    },
    async setDisabled(who, userId, disabled) {
      const u = await target(who, userId, { kind: disabled ? 'disable' : 'enable' });
      await admin.setDisabled(u.id, disabled ? now() : null, who.userId);
      await audit(who, disabled ? 'user-disable' : 'user-enable', `${u.login} in ${u.orgName}`);
      return view(u);
    },
    async resetPassword(who, userId, password) {
      const u = await target(who, userId, { kind: 'password' });
      await admin.setPassword(u.id, await hashPassword(password));
      await audit(who, 'user-password-reset', `${u.login} in ${u.orgName}`);
      return view((await store.getUser(u.id))!);
    },
    async listKeys(who, userId) {
      if (userId !== undefined && userId !== who.userId) await target(who, userId, { kind: 'keys' });
      return (await admin.listKeys([userId ?? who.userId])).map(keyView);
    },
    async createKey(who, label, expiresAt) {
      const { key, info } = await deps.auth.createKey(who.userId, label);
      if (expiresAt !== null) await admin.setKeyExpiry(info.id, Math.max(expiresAt, now()));
      await audit(who, 'key-add', info.prefix);
      return { key, info: keyView((await admin.getKey(info.id))!) };
    },
    async rotateKey(who, keyId, graceHours) {
      const old = await keyOf(keyId);
      // Rotating hands out a working secret: only the key's own user may (an admin expires instead).
      if (old.userId !== who.userId) throw new RenkeiError('not_found', `no key ${keyId} of yours`);
      // The new key exists before the old one is cut, so a failure between leaves two working keys, never none.
      const { key, info } = await deps.auth.createKey(who.userId, old.label);
      // The new secret keeps the old key's planned end, if any.
      if (old.expiresAt !== null && old.expiresAt > now()) await admin.setKeyExpiry(info.id, old.expiresAt);
      const cut = now() + graceHours * HOUR;
      await admin.setKeyExpiry(old.id, old.expiresAt !== null && old.expiresAt < cut ? old.expiresAt : cut);
      await audit(who, 'key-rotate', `${old.prefix} → ${info.prefix}, old key until ${new Date(cut).toISOString()}`);
      return { key, info: keyView((await admin.getKey(info.id))!), previous: keyView((await admin.getKey(old.id))!) };
    },
    async expireKey(who, keyId, at) {
      const k = await keyOf(keyId);
      if (k.userId !== who.userId) {
        // Someone else's key: an admin of that user may; anyone else is told there is no such key.
        await target(who, k.userId, { kind: 'keys' }).catch((e: unknown) => {
          throw e instanceof RenkeiError && e.code === 'not_found' ? new RenkeiError('not_found', `no key ${keyId}`) : e;
        });
      }
      const when = at === null ? null : Math.max(at, now());
      await admin.setKeyExpiry(k.id, when);
      await audit(who, 'key-expire', `${k.prefix}: ${when === null ? 'never' : new Date(when).toISOString()}`);
      return keyView((await admin.getKey(k.id))!);
    },
    async audit(who, q) {
      requireAdmin(who);
      // A member admin reads what its own organisation did, nothing of others (their details name URLs and logins).
      const org = who.role === 'hub-admin' ? q.org : who.orgName;
      return admin.searchAudit({ ...q, ...(org === undefined ? {} : { org }) });
    },
  };
}
