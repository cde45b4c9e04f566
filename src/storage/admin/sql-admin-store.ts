/** The administration store on the hub's SQL runner (SQLite and PostgreSQL alike). */
import type { HubRole } from '../../core/roles.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { insertOrConflict } from '../hub/sql-hub-store.ts';
import type { AdminKeyRow, AdminStore, AuditRecord } from './port.ts';
import { adminSteps } from './schema.ts';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
/** Ids per `IN (…)` batch. */
const BATCH = 500;

const KEY_SELECT = `SELECT k.id, k.user_id, k.label, k.prefix, k.created_at, k.last_used_at, e.expires_at
  FROM hub_api_keys k LEFT JOIN hub_api_key_expiry e ON e.key_id = k.id`;

const toKey = (r: Row): AdminKeyRow => ({
  id: num(r.id),
  userId: num(r.user_id),
  label: String(r.label),
  prefix: String(r.prefix),
  createdAt: num(r.created_at),
  lastUsedAt: numOrNull(r.last_used_at),
  expiresAt: numOrNull(r.expires_at),
});

/** An administration store on `runner` (whose hub tables exist); call `migrate()` first. */
export function createSqlAdminStore(runner: SqlRunner): AdminStore {
  const inBatches = async <T>(ids: number[], q: (part: number[]) => Promise<T[]>): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += BATCH) out.push(...(await q(ids.slice(i, i + BATCH))));
    return out;
  };
  return {
    migrate: () => migrateOn(runner, 'admin', adminSteps(runner.dialect)),
    async access(userId, keyId) {
      const [r] = await runner.all(
        'SELECT (SELECT disabled_at FROM hub_user_disabled WHERE user_id = ?) AS d, (SELECT expires_at FROM hub_api_key_expiry WHERE key_id = ?) AS e',
        [userId, keyId ?? -1],
      );
      return { disabledAt: numOrNull(r?.d), keyExpiresAt: numOrNull(r?.e) };
    },
    async disabledUsers(userIds) {
      const rows = await inBatches(userIds, (part) => runner.all(`SELECT user_id, disabled_at FROM hub_user_disabled WHERE user_id IN (${marks(part.length)})`, part));
      return new Map(rows.map((r) => [num(r.user_id), num(r.disabled_at)]));
    },
    async setDisabled(userId, at, by) {
      return runner.transaction(async (tx) => {
        if ((await tx.all('SELECT id FROM hub_users WHERE id = ?', [userId])).length === 0) return false;
        if (at === null) {
          await tx.run('DELETE FROM hub_user_disabled WHERE user_id = ?', [userId]);
          return true;
        }
        // Disabling again keeps the first time it was disabled.
        await tx.run('INSERT INTO hub_user_disabled (user_id, disabled_at, disabled_by) VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING', [userId, at, by]);
        await tx.run('DELETE FROM hub_sessions WHERE user_id = ?', [userId]);
        return true;
      });
    },
    async setRole(userId, role: HubRole) {
      return (await runner.run('UPDATE hub_users SET role = ? WHERE id = ?', [role, userId])) > 0;
    },
    async setPassword(userId, passwordHash) {
      return runner.transaction(async (tx) => {
        if ((await tx.run('UPDATE hub_users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?', [passwordHash, userId])) === 0) return false;
        await tx.run('DELETE FROM hub_sessions WHERE user_id = ?', [userId]);
        return true;
      });
    },
    async listKeys(userIds) {
      const rows = await inBatches(userIds, (part) => runner.all(`${KEY_SELECT} WHERE k.user_id IN (${marks(part.length)})`, part));
      return rows.map(toKey).sort((a, b) => a.id - b.id);
    },
    async getKey(id) {
      const [r] = await runner.all(`${KEY_SELECT} WHERE k.id = ?`, [id]);
      return r ? toKey(r) : null;
    },
    async setKeyExpiry(keyId, at) {
      return runner.transaction(async (tx) => {
        if ((await tx.all('SELECT id FROM hub_api_keys WHERE id = ?', [keyId])).length === 0) return false;
        if (at === null) await tx.run('DELETE FROM hub_api_key_expiry WHERE key_id = ?', [keyId]);
        else await tx.run('INSERT INTO hub_api_key_expiry (key_id, expires_at) VALUES (?, ?) ON CONFLICT (key_id) DO UPDATE SET expires_at = excluded.expires_at', [keyId, at]);
        return true;
      });
    },
    async searchAudit(f) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.action !== undefined) (where.push('a.action = ?'), params.push(f.action));
      if (f.org !== undefined) (where.push('a.actor_org = ?'), params.push(f.org));
      if (f.actor !== undefined) (where.push('u.login = ?'), params.push(f.actor));
      if (f.since !== undefined) (where.push('a.at >= ?'), params.push(f.since));
      if (f.until !== undefined) (where.push('a.at < ?'), params.push(f.until));
      params.push(f.limit);
      const rows = await runner.all(
        `SELECT a.id, a.at, a.actor_user_id, u.login AS actor_login, a.actor_org, a.action, a.count, a.detail
         FROM hub_audit a LEFT JOIN hub_users u ON u.id = a.actor_user_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
        params,
      );
      return rows.map(
        (r): AuditRecord => ({
          id: num(r.id),
          at: num(r.at),
          actorUserId: numOrNull(r.actor_user_id),
          actorLogin: strOrNull(r.actor_login),
          actorOrg: strOrNull(r.actor_org),
          action: String(r.action),
          count: numOrNull(r.count),
          detail: strOrNull(r.detail),
        }),
      );
    },
    async renameMember(memberId, name) {
      return runner.transaction(async (tx) => {
        const [m] = await tx.all('SELECT org_id FROM hub_members WHERE id = ?', [memberId]);
        if (!m) return false;
        await insertOrConflict(tx.run('UPDATE hub_members SET name = ? WHERE id = ?', [name, memberId]), `member ${name}`);
        await insertOrConflict(tx.run('UPDATE hub_orgs SET name = ? WHERE id = ?', [name, m.org_id]), `organisation ${name}`);
        return true;
      });
    },
    async updateSource(sourceId, s) {
      const n = await runner.run(
        `UPDATE hub_sources SET url = ?, verify_tls = ?, secret = COALESCE(?, secret), status = 'ok', last_error = NULL, last_latency_ms = ? WHERE id = ?`,
        [s.url, s.verifyTls ? 1 : 0, s.secret, s.latencyMs, sourceId],
      );
      if (n > 0) await runner.run('INSERT INTO hub_source_latency (source_id, at, ms, ok) VALUES (?, ?, ?, 1)', [sourceId, s.at, s.latencyMs]);
      return n > 0;
    },
  };
}
