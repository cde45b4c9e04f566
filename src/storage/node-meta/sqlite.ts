import type { Database, Statement } from 'better-sqlite3';
import { runMigrations } from '../sqlite/migrate.ts';
import { hitLogSelect } from './hit-log-query.ts';
import type { HitLogEntry } from '../../core/model/hit-log-entry.ts';
import type { NodeRole } from '../../core/roles.ts';
import type { ApiKeyRecord, AuditEntry, AuditEntryInput, NewApiKey, NodeMetaStore, OwnedHit } from './port.ts';

/**
 * Versioned steps (`runMigrations`). Step 1 keeps IF NOT EXISTS so that databases made before the node
 * adopted versioned migrations take it unchanged; step 2 moves the hit log from epoch seconds to ms, the
 * unit the hub keeps its own hits in.
 */
const STEPS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS node_api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL,
  org_name TEXT NOT NULL,
  role TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  last4 TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS node_audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  key_id INTEGER,
  org_name TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS node_audit_log_at ON node_audit_log(at);
CREATE TABLE IF NOT EXISTS node_hit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  search_id TEXT NOT NULL,
  searcher_org TEXT NOT NULL,
  value TEXT NOT NULL,
  type TEXT NOT NULL,
  attribute_uuid TEXT NOT NULL,
  event_uuid TEXT NOT NULL,
  match TEXT NOT NULL,
  at INTEGER NOT NULL,
  owner_org_id INTEGER
);
CREATE INDEX IF NOT EXISTS node_hit_log_at ON node_hit_log(at);
CREATE INDEX IF NOT EXISTS node_hit_log_owner ON node_hit_log(owner_org_id, at);`,
  'UPDATE node_hit_log SET at = at * 1000 WHERE at < 100000000000',
  'CREATE INDEX IF NOT EXISTS node_hit_log_search ON node_hit_log(search_id, attribute_uuid)',
];

interface KeyRow {
  id: number;
  org_id: number;
  org_name: string;
  role: string;
  key_hash: string;
  last4: string;
  comment: string;
  created_at: number;
  revoked_at: number | null;
}

/** Maps a key row (same column names on both adapters). */
export function keyFromRow(r: KeyRow): ApiKeyRecord {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    role: r.role as NodeRole,
    keyHash: r.key_hash,
    last4: r.last4,
    comment: r.comment,
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

/** Node bookkeeping on the intel store's better-sqlite3 connection. */
export function createSqliteNodeMeta(db: Database): NodeMetaStore {
  let ready = false;
  const stmts = () => ({
    insertKey: db.prepare(
      'INSERT INTO node_api_keys (org_id, org_name, role, key_hash, last4, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
    ),
    findKey: db.prepare('SELECT * FROM node_api_keys WHERE key_hash = ? AND revoked_at IS NULL'),
    listKeys: db.prepare('SELECT * FROM node_api_keys ORDER BY id'),
    revoke: db.prepare('UPDATE node_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    audit: db.prepare('INSERT INTO node_audit_log (at, key_id, org_name, action, detail) VALUES (?, ?, ?, ?, ?)'),
    listAudit: db.prepare('SELECT * FROM node_audit_log WHERE at >= ? ORDER BY id LIMIT ?'),
    hit: db.prepare(
      'INSERT INTO node_hit_log (search_id, searcher_org, value, type, attribute_uuid, event_uuid, match, at, owner_org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    hitsOf: db.prepare('SELECT * FROM node_hit_log WHERE search_id = ? AND attribute_uuid = ? ORDER BY id LIMIT 100'),
  });
  let s: ReturnType<typeof stmts> | undefined;
  // One statement per shape of hit log query (at most eight).
  const hitQueries = new Map<string, Statement>();
  const q = () => {
    if (!ready) throw new Error('node meta store used before migrate()');
    return (s ??= stmts());
  };
  return {
    async migrate() {
      // A hit log from before the owner column (first release) gets it before step 1's index on it.
      const cols = (db.prepare('PRAGMA table_info(node_hit_log)').all() as { name: string }[]).map((c) => c.name);
      if (cols.length > 0 && !cols.includes('owner_org_id')) db.exec('ALTER TABLE node_hit_log ADD COLUMN owner_org_id INTEGER');
      runMigrations(db, 'node-meta', STEPS);
      ready = true;
    },
    async createKey(k: NewApiKey) {
      const row = q().insertKey.get(k.orgId, k.orgName, k.role, k.keyHash, k.last4, k.comment ?? '', Math.floor(Date.now() / 1000)) as KeyRow;
      return keyFromRow(row);
    },
    async findActiveKey(keyHash) {
      const row = q().findKey.get(keyHash) as KeyRow | undefined;
      return row ? keyFromRow(row) : null;
    },
    async listKeys() {
      return (q().listKeys.all() as KeyRow[]).map(keyFromRow);
    },
    async revokeKey(id, at) {
      return q().revoke.run(at, id).changes > 0;
    },
    async appendAudit(e: AuditEntryInput) {
      q().audit.run(e.at, e.keyId, e.orgName, e.action, JSON.stringify(e.detail));
    },
    async appendAuditBatch(entries: AuditEntryInput[]) {
      const st = q().audit;
      db.transaction(() => {
        for (const e of entries) st.run(e.at, e.keyId, e.orgName, e.action, JSON.stringify(e.detail));
      })();
    },
    async listAudit(opts = {}) {
      const rows = q().listAudit.all(opts.since ?? 0, opts.limit ?? 1000) as {
        id: number; at: number; key_id: number | null; org_name: string; action: string; detail: string;
      }[];
      return rows.map((r): AuditEntry => ({ id: r.id, at: r.at, keyId: r.key_id, orgName: r.org_name, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
    async recordHits(hits: OwnedHit[]) {
      const st = q().hit;
      db.transaction(() => {
        for (const h of hits) st.run(h.searchId, h.searcherOrg, h.value, h.type, h.attributeUuid, h.eventUuid, h.match, h.at, h.ownerOrgId);
      })();
    },
    async listHits(opts = {}) {
      q();
      const { sql, params } = hitLogSelect('node_hit_log', opts);
      let st = hitQueries.get(sql);
      if (!st) hitQueries.set(sql, (st = db.prepare(sql)));
      return (st.all(...params) as HitRow[]).map(hitFromRow);
    },
    async hitsOf(searchId, attributeUuid) {
      return (q().hitsOf.all(searchId, attributeUuid) as HitRow[]).map(hitFromRow);
    },
  };
}

export interface HitRow {
  search_id: string;
  searcher_org: string;
  value: string;
  type: string;
  attribute_uuid: string;
  event_uuid: string;
  match: string;
  at: number | string;
}

/** Maps a hit-log row (same column names on both adapters). */
export function hitFromRow(r: HitRow): HitLogEntry {
  return {
    searchId: r.search_id,
    searcherOrg: r.searcher_org,
    value: r.value,
    type: r.type,
    attributeUuid: r.attribute_uuid,
    eventUuid: r.event_uuid,
    match: r.match,
    at: Number(r.at),
  };
}
