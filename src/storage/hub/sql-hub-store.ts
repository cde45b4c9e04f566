/** The hub store over a `SqlRunner`; identical queries on SQLite and PostgreSQL. */
import { randomUUID } from 'node:crypto';
import type { HubRole } from '../../core/roles.ts';
import { RenkeiError } from '../../core/errors.ts';
import type {
  ApiKeyRow,
  AuditEntry,
  HubOrg,
  HubStore,
  HubUserRow,
  MemberRow,
  OwnerHitRow,
  SearchRow,
  SearchStatus,
  SourceKindName,
  SourceRequestRow,
  SourceRow,
} from './port.ts';
import type { SqlRunner } from './runner.ts';
import { hubSteps } from './schema.ts';
import { migrateOn } from '../common/runner-migrate.ts';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A unique-constraint violation from either driver (PostgreSQL 23505, better-sqlite3 SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs an insert, turning a duplicate into the same stable `conflict` on both engines (callers pre-check, but may race). */
export async function insertOrConflict(insert: Promise<unknown>, what: string): Promise<void> {
  try {
    await insert;
  } catch (e) {
    if (isUniqueViolation(e)) throw new RenkeiError('conflict', `${what} exists`, undefined, { cause: e });
    throw e;
  }
}

const USER_SELECT = `SELECT u.id, u.login, u.org_id, o.name AS org_name, u.role, u.locale, u.password_hash, u.failed_logins, u.locked_until
  FROM hub_users u JOIN hub_orgs o ON o.id = u.org_id`;
const MEMBER_SELECT = 'SELECT m.id, m.org_id, m.name, o.uuid AS org_uuid FROM hub_members m JOIN hub_orgs o ON o.id = m.org_id';
const SEARCH_SELECT = `SELECT s.id, s.org_id, s.user_id, u.login AS user_login, s.created_at, s.status, s.value_count,
  s.hit_value_count, s.result_json FROM hub_searches s LEFT JOIN hub_users u ON u.id = s.user_id`;

function toUser(r: Row): HubUserRow {
  return {
    id: num(r.id),
    login: str(r.login),
    orgId: num(r.org_id),
    orgName: str(r.org_name),
    role: str(r.role) as HubRole,
    locale: str(r.locale) === 'en' ? 'en' : 'ja',
    passwordHash: strOrNull(r.password_hash),
    failedLogins: num(r.failed_logins),
    lockedUntil: numOrNull(r.locked_until),
  };
}
function toKey(r: Row): ApiKeyRow {
  return { id: num(r.id), userId: num(r.user_id), label: str(r.label), prefix: str(r.prefix), createdAt: num(r.created_at), lastUsedAt: numOrNull(r.last_used_at) };
}
function toMember(r: Row): MemberRow {
  return { id: num(r.id), orgId: num(r.org_id), name: str(r.name), orgUuid: str(r.org_uuid) };
}
/** The columns a source and a source request share. */
function sourceFields(r: Row): Pick<SourceRow, 'id' | 'memberId' | 'kind' | 'url' | 'secret' | 'verifyTls'> {
  return { id: num(r.id), memberId: num(r.member_id), kind: str(r.kind) as SourceKindName, url: str(r.url), secret: str(r.secret), verifyTls: num(r.verify_tls) === 1 };
}

function toSource(r: Row): SourceRow {
  return {
    ...sourceFields(r),
    caFile: strOrNull(r.ca_file),
    status: str(r.status) as SourceRow['status'],
    lastError: strOrNull(r.last_error),
    lastLatencyMs: numOrNull(r.last_latency_ms),
  };
}
const SEARCH_STATUSES = new Set<string>(['running', 'done', 'partial', 'interrupted']);

function toRequest(r: Row): SourceRequestRow {
  return {
    ...sourceFields(r),
    requestedBy: num(r.requested_by),
    requestedAt: num(r.requested_at),
    state: str(r.state) as SourceRequestRow['state'],
    decidedBy: numOrNull(r.decided_by),
    decidedAt: numOrNull(r.decided_at),
    sourceId: numOrNull(r.source_id),
    note: strOrNull(r.note),
  };
}

function toSearch(r: Row): SearchRow {
  return {
    id: str(r.id),
    orgId: num(r.org_id),
    userId: num(r.user_id),
    userLogin: r.user_login === null || r.user_login === undefined ? '(deleted)' : str(r.user_login),
    createdAt: num(r.created_at),
    status: SEARCH_STATUSES.has(str(r.status)) ? (str(r.status) as SearchStatus) : 'running',
    valueCount: num(r.value_count),
    hitValueCount: num(r.hit_value_count),
    resultJson: strOrNull(r.result_json),
  };
}

/** Builds the hub store on a runner (call `migrate()` before use). */
export function createSqlHubStore(db: SqlRunner): HubStore {
  const one = async (sql: string, params: unknown[]): Promise<Row | null> => (await db.all<Row>(sql, params))[0] ?? null;
  const byIdOrName = (col: string, v: number | string): [string, unknown[]] =>
    typeof v === 'number' ? [`${col.split('.')[0]}.id = ?`, [v]] : [`${col} = ?`, [v]];

  const store: HubStore = {
    async migrate() {
      await migrateOn(db, 'hub', hubSteps(db.dialect));
    },
    close: () => db.close(),
    transaction: (fn) => db.transaction((tx) => fn(createSqlHubStore(tx))),

    async getSetting(key) {
      const r = await one('SELECT value FROM hub_settings WHERE key = ?', [key]);
      return r ? str(r.value) : null;
    },
    async setSetting(key, value) {
      await db.run('INSERT INTO hub_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },

    async deleteSetting(key) {
      await db.run('DELETE FROM hub_settings WHERE key = ?', [key]);
    },

    async ensureOrg(name, uuid) {
      const found = await store.getOrg(name);
      if (found) return found;
      await db.run('INSERT INTO hub_orgs (uuid, name) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', [uuid ?? randomUUID(), name]);
      const org = await store.getOrg(name);
      if (!org) throw new Error(`organisation ${name} not created`);
      return org;
    },
    async getOrg(idOrName) {
      const r = await one(`SELECT id, uuid, name FROM hub_orgs WHERE ${typeof idOrName === 'number' ? 'id' : 'name'} = ?`, [idOrName]);
      return r ? { id: num(r.id), uuid: str(r.uuid), name: str(r.name) } : null;
    },
    async listOrgs() {
      return (await db.all<Row>('SELECT id, uuid, name FROM hub_orgs ORDER BY name', [])).map((r): HubOrg => ({ id: num(r.id), uuid: str(r.uuid), name: str(r.name) }));
    },

    async createUser(u) {
      await insertOrConflict(
        db.run('INSERT INTO hub_users (login, org_id, role, locale, password_hash) VALUES (?, ?, ?, ?, ?)', [u.login, u.orgId, u.role, u.locale ?? 'ja', u.passwordHash]),
        `user ${u.login}`,
      );
      const user = await store.getUser(u.login);
      if (!user) throw new Error(`user ${u.login} not created`);
      return user;
    },
    async getUser(idOrLogin) {
      const [where, params] = byIdOrName('u.login', idOrLogin);
      const r = await one(`${USER_SELECT} WHERE ${where}`, params);
      return r ? toUser(r) : null;
    },
    async listUsers(orgId) {
      const rows = orgId === undefined ? await db.all<Row>(`${USER_SELECT} ORDER BY u.login`, []) : await db.all<Row>(`${USER_SELECT} WHERE u.org_id = ? ORDER BY u.login`, [orgId]);
      return rows.map(toUser);
    },
    async setLoginState(userId, failed, lockedUntil) {
      await db.run('UPDATE hub_users SET failed_logins = ?, locked_until = ? WHERE id = ?', [failed, lockedUntil, userId]);
    },
    async countSignInAttempt(userId, at) {
      // One statement: parallel attempts each get their own number, none is lost.
      const rows = await db.all<Row>(
        `UPDATE hub_users SET
           failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END
         WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING failed_logins`,
        [at, at, userId, at],
      );
      return rows[0] ? num(rows[0].failed_logins) : null;
    },
    async lockSignIn(userId, until) {
      await db.run('UPDATE hub_users SET locked_until = ? WHERE id = ? AND locked_until IS NULL', [until, userId]);
    },
    async clearSignInAttempts(userId, at) {
      return (await db.run('UPDATE hub_users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)', [userId, at])) > 0;
    },

    async createApiKey(k) {
      await db.run('INSERT INTO hub_api_keys (user_id, label, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)', [k.userId, k.label, k.prefix, k.hash, k.createdAt]);
      const r = await one('SELECT * FROM hub_api_keys WHERE hash = ?', [k.hash]);
      return toKey(r!);
    },
    async findApiKey(hash) {
      const r = await one('SELECT * FROM hub_api_keys WHERE hash = ?', [hash]);
      return r ? toKey(r) : null;
    },
    async listApiKeys(userId) {
      return (await db.all<Row>('SELECT * FROM hub_api_keys WHERE user_id = ? ORDER BY id', [userId])).map(toKey);
    },
    async deleteApiKey(id, userId) {
      return (await db.run('DELETE FROM hub_api_keys WHERE id = ? AND user_id = ?', [id, userId])) > 0;
    },
    async touchApiKey(id, at) {
      await db.run('UPDATE hub_api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
    },

    async createSession(s) {
      await db.run('INSERT INTO hub_sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)', [s.idHash, s.userId, s.csrfToken, s.expiresAt]);
    },
    async getSession(idHash) {
      const r = await one('SELECT user_id, csrf_token, expires_at FROM hub_sessions WHERE id_hash = ?', [idHash]);
      return r ? { userId: num(r.user_id), csrfToken: str(r.csrf_token), expiresAt: num(r.expires_at) } : null;
    },
    async deleteSession(idHash) {
      await db.run('DELETE FROM hub_sessions WHERE id_hash = ?', [idHash]);
    },

    async createMember(orgId, name) {
      // Both the name and the organisation are unique: one member per organisation.
      await insertOrConflict(db.run('INSERT INTO hub_members (org_id, name) VALUES (?, ?)', [orgId, name]), `member ${name} or a member of organisation ${orgId}`);
      return (await store.getMember(name))!;
    },
    async getMember(idOrName) {
      const [where, params] = byIdOrName('m.name', idOrName);
      const r = await one(`${MEMBER_SELECT} WHERE ${where}`, params);
      return r ? toMember(r) : null;
    },
    async getMemberByOrg(orgId) {
      const r = await one(`${MEMBER_SELECT} WHERE m.org_id = ?`, [orgId]);
      return r ? toMember(r) : null;
    },
    async listMembers() {
      return (await db.all<Row>(`${MEMBER_SELECT} ORDER BY m.id`, [])).map(toMember);
    },
    async deleteMember(id) {
      return (await db.run('DELETE FROM hub_members WHERE id = ?', [id])) > 0;
    },

    async addSource(s) {
      const rows = await db.all<Row>(
        'INSERT INTO hub_sources (member_id, kind, url, secret, verify_tls, ca_file) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        [s.memberId, s.kind, s.url, s.secret, s.verifyTls ? 1 : 0, s.caFile],
      );
      return (await store.getSource(num(rows[0]!.id)))!;
    },
    async getSource(id) {
      const r = await one('SELECT * FROM hub_sources WHERE id = ?', [id]);
      return r ? toSource(r) : null;
    },
    async listSources(memberId) {
      const rows = memberId === undefined ? await db.all<Row>('SELECT * FROM hub_sources ORDER BY id', []) : await db.all<Row>('SELECT * FROM hub_sources WHERE member_id = ? ORDER BY id', [memberId]);
      return rows.map(toSource);
    },
    async deleteSource(id) {
      return (await db.run('DELETE FROM hub_sources WHERE id = ?', [id])) > 0;
    },
    async setSourceStatus(id, status, lastError, latencyMs, at) {
      await db.run('UPDATE hub_sources SET status = ?, last_error = ?, last_latency_ms = ? WHERE id = ?', [status, lastError, latencyMs, id]);
      await db.run('INSERT INTO hub_source_latency (source_id, at, ms, ok) VALUES (?, ?, ?, ?)', [id, at, latencyMs, status === 'ok' ? 1 : 0]);
    },
    async addSourceRequest(q) {
      const rows = await db.all<Row>(
        'INSERT INTO hub_source_requests (member_id, kind, url, secret, verify_tls, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
        [q.memberId, q.kind, q.url, q.secret, q.verifyTls ? 1 : 0, q.requestedBy, q.requestedAt],
      );
      return (await store.getSourceRequest(num(rows[0]!.id)))!;
    },
    async getSourceRequest(id) {
      const r = await one('SELECT * FROM hub_source_requests WHERE id = ?', [id]);
      return r ? toRequest(r) : null;
    },
    async listSourceRequests(memberId) {
      const rows = memberId === undefined ? await db.all<Row>('SELECT * FROM hub_source_requests ORDER BY id', []) : await db.all<Row>('SELECT * FROM hub_source_requests WHERE member_id = ? ORDER BY id', [memberId]);
      return rows.map(toRequest);
    },
    async decideSourceRequest(id, d) {
      return (await db.run("UPDATE hub_source_requests SET state = ?, decided_by = ?, decided_at = ?, source_id = ?, note = ? WHERE id = ? AND state = 'pending'", [d.state, d.by, d.at, d.sourceId, d.note, id])) > 0;
    },
    async latencyHistory(sourceId, limit) {
      const rows = await db.all<Row>('SELECT at, ms, ok FROM hub_source_latency WHERE source_id = ? ORDER BY at DESC LIMIT ?', [sourceId, limit]);
      return rows.reverse().map((r) => ({ at: num(r.at), ms: numOrNull(r.ms), ok: num(r.ok) === 1 }));
    },

    async startSearch(s) {
      await db.run("INSERT INTO hub_searches (id, org_id, user_id, created_at, status, value_count, hub_instance) VALUES (?, ?, ?, ?, 'running', ?, ?)", [s.id, s.orgId, s.userId, s.createdAt, s.valueCount, s.instance ?? null]);
    },
    async finishSearch(id, hitValueCount, resultJson, status = 'done') {
      await db.run('UPDATE hub_searches SET status = ?, hit_value_count = ?, result_json = ? WHERE id = ?', [status, hitValueCount, resultJson, id]);
    },
    async purgeSearchResults(before) {
      return db.run('UPDATE hub_searches SET result_json = NULL WHERE created_at < ? AND result_json IS NOT NULL', [before]);
    },
    async interruptOrphanedSearches(o) {
      return db.run(
        `UPDATE hub_searches SET status = 'interrupted' WHERE status = 'running' AND (hub_instance IS NULL OR hub_instance = ?
           OR hub_instance NOT IN (SELECT id FROM hub_instances WHERE seen_at >= ?))`,
        [o.self ?? null, o.staleBefore],
      );
    },
    async heartbeat(instance, at) {
      await db.run('INSERT INTO hub_instances (id, seen_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at', [instance, at]);
    },
    async getSearch(id) {
      const r = await one(`${SEARCH_SELECT} WHERE s.id = ?`, [id]);
      return r ? toSearch(r) : null;
    },
    async listSearches(orgId, limit) {
      return (await db.all<Row>(`${SEARCH_SELECT} WHERE s.org_id = ? ORDER BY s.created_at DESC LIMIT ?`, [orgId, limit])).map(toSearch);
    },

    async audit(e) {
      await db.run('INSERT INTO hub_audit (at, actor_user_id, actor_org, action, count, detail) VALUES (?, ?, ?, ?, ?, ?)', [e.at, e.actorUserId, e.actorOrg, e.action, e.count, e.detail]);
    },
    async listAudit(limit) {
      const rows = await db.all<Row>('SELECT * FROM hub_audit ORDER BY id DESC LIMIT ?', [limit]);
      return rows.map((r): AuditEntry => ({ at: num(r.at), actorUserId: numOrNull(r.actor_user_id), actorOrg: strOrNull(r.actor_org), action: str(r.action), count: numOrNull(r.count), detail: strOrNull(r.detail) }));
    },

    async recordOwnerHits(rows: OwnerHitRow[]) {
      // Multi-row inserts: one statement per 100 hits instead of one commit per hit.
      for (let i = 0; i < rows.length; i += 100) {
        const chunk = rows.slice(i, i + 100);
        await db.run(
          `INSERT INTO hub_owner_hits (member_id, search_id, searcher_org, value, type, match, attribute_uuid, event_uuid, event_info, at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((h) => [h.memberId, h.searchId, h.searcherOrg, h.value, h.type, h.match, h.attributeUuid, h.eventUuid, h.eventInfo, h.at]),
        );
      }
    },
    async purgeOwnerHits(before) {
      return db.run('DELETE FROM hub_owner_hits WHERE at < ?', [before]);
    },
    async listOwnerHits(memberId, since, limit, excludeSearcher) {
      const rows = await db.all<Row>(
        `SELECT * FROM hub_owner_hits WHERE member_id = ? AND at >= ?${excludeSearcher !== undefined ? ' AND searcher_org <> ?' : ''} ORDER BY at DESC, id DESC LIMIT ?`,
        [memberId, since, ...(excludeSearcher !== undefined ? [excludeSearcher] : []), limit],
      );
      return rows.map((r): OwnerHitRow => ({
        memberId: num(r.member_id),
        searchId: str(r.search_id),
        searcherOrg: str(r.searcher_org),
        value: str(r.value),
        type: str(r.type),
        match: str(r.match),
        attributeUuid: str(r.attribute_uuid),
        eventUuid: str(r.event_uuid),
        eventInfo: str(r.event_info),
        at: num(r.at),
      }));
    },
  };
  return store;
}
