import type { Pool } from 'pg';
import { numberedParams } from '../common/dialect.ts';
import { runMigrations } from '../postgres/migrate.ts';
import { hitLogSelect } from './hit-log-query.ts';
import { hitFromRow, keyFromRow, type HitRow } from './sqlite.ts';
import type { AuditEntry, AuditEntryInput, NewApiKey, NodeMetaStore, OwnedHit } from './port.ts';

/** Node bookkeeping on the intel store's PostgreSQL pool, in the store's schema. */
export function createPostgresNodeMeta(pool: Pool, schema = 'public'): NodeMetaStore {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const t = (name: string) => `"${schema}".${name}`;
  const keys = t('node_api_keys');
  const audit = t('node_audit_log');
  const hits = t('node_hit_log');
  return {
    async migrate() {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      // Step 1 keeps IF NOT EXISTS for databases made before versioned migrations; step 2 moves the hit
      // log from epoch seconds to ms, the unit the hub keeps its own hits in.
      await runMigrations(pool, 'node-meta', [
        `CREATE TABLE IF NOT EXISTS ${keys} (
          id BIGSERIAL PRIMARY KEY,
          org_id BIGINT NOT NULL,
          org_name TEXT NOT NULL,
          role TEXT NOT NULL,
          key_hash TEXT NOT NULL UNIQUE,
          last4 TEXT NOT NULL,
          comment TEXT NOT NULL DEFAULT '',
          created_at BIGINT NOT NULL,
          revoked_at BIGINT
        );
        CREATE TABLE IF NOT EXISTS ${audit} (
          id BIGSERIAL PRIMARY KEY,
          at BIGINT NOT NULL,
          key_id BIGINT,
          org_name TEXT NOT NULL,
          action TEXT NOT NULL,
          detail JSONB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS node_audit_log_at ON ${audit}(at);
        CREATE TABLE IF NOT EXISTS ${hits} (
          id BIGSERIAL PRIMARY KEY,
          search_id TEXT NOT NULL,
          searcher_org TEXT NOT NULL,
          value TEXT NOT NULL,
          type TEXT NOT NULL,
          attribute_uuid TEXT NOT NULL,
          event_uuid TEXT NOT NULL,
          match TEXT NOT NULL,
          at BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS node_hit_log_at ON ${hits}(at);
        ALTER TABLE ${hits} ADD COLUMN IF NOT EXISTS owner_org_id INTEGER;
        CREATE INDEX IF NOT EXISTS node_hit_log_owner ON ${hits}(owner_org_id, at);`,
        `UPDATE ${hits} SET at = at * 1000 WHERE at < 100000000000`,
        `CREATE INDEX IF NOT EXISTS node_hit_log_search ON ${hits}(search_id, attribute_uuid)`,
      ], schema);
    },
    async createKey(k: NewApiKey) {
      const r = await pool.query(
        `INSERT INTO ${keys} (org_id, org_name, role, key_hash, last4, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [k.orgId, k.orgName, k.role, k.keyHash, k.last4, k.comment ?? '', Math.floor(Date.now() / 1000)],
      );
      return keyFromRow(r.rows[0]);
    },
    async findActiveKey(keyHash) {
      const r = await pool.query(`SELECT * FROM ${keys} WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
      return r.rows[0] ? keyFromRow(r.rows[0]) : null;
    },
    async listKeys() {
      const r = await pool.query(`SELECT * FROM ${keys} ORDER BY id`);
      return r.rows.map(keyFromRow);
    },
    async revokeKey(id, at) {
      const r = await pool.query(`UPDATE ${keys} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [at, id]);
      return (r.rowCount ?? 0) > 0;
    },
    async appendAudit(e: AuditEntryInput) {
      await pool.query(`INSERT INTO ${audit} (at, key_id, org_name, action, detail) VALUES ($1, $2, $3, $4, $5)`, [
        e.at, e.keyId, e.orgName, e.action, JSON.stringify(e.detail),
      ]);
    },
    async appendAuditBatch(entries: AuditEntryInput[]) {
      for (let i = 0; i < entries.length; i += 1000) {
        const chunk = entries.slice(i, i + 1000);
        const params: unknown[] = [];
        const tuples = chunk.map((e, j) => {
          params.push(e.at, e.keyId, e.orgName, e.action, JSON.stringify(e.detail));
          const b = j * 5;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
        });
        await pool.query(`INSERT INTO ${audit} (at, key_id, org_name, action, detail) VALUES ${tuples.join(', ')}`, params);
      }
    },
    async listAudit(opts = {}) {
      const r = await pool.query(`SELECT * FROM ${audit} WHERE at >= $1 ORDER BY id LIMIT $2`, [opts.since ?? 0, opts.limit ?? 1000]);
      return r.rows.map((row): AuditEntry => ({
        id: Number(row.id), at: Number(row.at), keyId: row.key_id === null ? null : Number(row.key_id),
        orgName: row.org_name, action: row.action, detail: row.detail,
      }));
    },
    async recordHits(rows: OwnedHit[]) {
      if (rows.length === 0) return;
      // One multi-row INSERT per chunk keeps a 10,000-hit search to a handful of round trips.
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        const params: unknown[] = [];
        const tuples = chunk.map((h, j) => {
          params.push(h.searchId, h.searcherOrg, h.value, h.type, h.attributeUuid, h.eventUuid, h.match, h.at, h.ownerOrgId);
          const b = j * 9;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
        });
        await pool.query(
          `INSERT INTO ${hits} (search_id, searcher_org, value, type, attribute_uuid, event_uuid, match, at, owner_org_id) VALUES ${tuples.join(', ')}`,
          params,
        );
      }
    },
    async listHits(opts = {}) {
      const { sql, params } = hitLogSelect(hits, opts);
      const r = await pool.query(numberedParams(sql), params);
      return r.rows.map((row: HitRow) => hitFromRow(row));
    },
    async hitsOf(searchId, attributeUuid) {
      const r = await pool.query(`SELECT * FROM ${hits} WHERE search_id = $1 AND attribute_uuid = $2 ORDER BY id LIMIT 100`, [searchId, attributeUuid]);
      return r.rows.map((row: HitRow) => hitFromRow(row));
    },
  };
}
