import type { Pool } from 'pg';
import { runMigrations } from '../postgres/migrate.ts';
import type { BudgetUsage } from '../../core/blind/budget.ts';
import type { BlindStore } from './port.ts';
import { tokenFromRow } from './sqlite.ts';

/** Blind-search bookkeeping on the node's PostgreSQL pool, in the store's schema. */
export function createPostgresBlindStore(pool: Pool, schema = 'public'): BlindStore {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  const t = (name: string) => `"${schema}".${name}`;
  return {
    async migrate() {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      // Step 1 keeps IF NOT EXISTS for databases made before versioned migrations.
      await runMigrations(pool, 'blind', [`
        CREATE TABLE IF NOT EXISTS ${t('blind_hub_pins')} (key_id BIGINT PRIMARY KEY, public_key TEXT NOT NULL, pinned_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS ${t('blind_nonces')} (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS blind_nonces_exp ON ${t('blind_nonces')}(expires_at);
        CREATE TABLE IF NOT EXISTS ${t('blind_settings')} (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS ${t('blind_budget')} (org TEXT NOT NULL, window_start BIGINT NOT NULL, used BIGINT NOT NULL, PRIMARY KEY (org, window_start));
        CREATE TABLE IF NOT EXISTS ${t('blind_tag_cache')} (epoch INT NOT NULL, input TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (epoch, input));
        CREATE TABLE IF NOT EXISTS ${t('blind_tokens')} (
          epoch INT NOT NULL, audience TEXT NOT NULL, input TEXT NOT NULL, tag TEXT NOT NULL, attribute_id BIGINT NOT NULL, match TEXT NOT NULL,
          PRIMARY KEY (epoch, audience, input, attribute_id));
        CREATE INDEX IF NOT EXISTS blind_tokens_tag ON ${t('blind_tokens')}(epoch, tag);
        CREATE TABLE IF NOT EXISTS ${t('blind_sets')} (epoch INT NOT NULL, audience TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (epoch, audience));
        CREATE TABLE IF NOT EXISTS ${t('blind_deltas')} (
          epoch INT NOT NULL, audience TEXT NOT NULL, from_version INT NOT NULL, to_version INT NOT NULL, added TEXT NOT NULL, removed TEXT NOT NULL,
          PRIMARY KEY (epoch, audience, from_version));`], schema);
    },
    async pinHub(keyId, publicKey, at) {
      await pool.query(`INSERT INTO ${t('blind_hub_pins')} (key_id, public_key, pinned_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO UPDATE SET public_key = EXCLUDED.public_key, pinned_at = EXCLUDED.pinned_at`, [keyId, publicKey, at]);
    },
    async hubPin(keyId) {
      const r = (await pool.query(`SELECT key_id, public_key, pinned_at FROM ${t('blind_hub_pins')} WHERE key_id = $1`, [keyId])).rows[0];
      return r ? { keyId: Number(r.key_id), publicKey: r.public_key, pinnedAt: Number(r.pinned_at) } : null;
    },
    async rememberNonce(nonce, expiresAt, now) {
      if (Math.random() < 1 / 64) await pool.query(`DELETE FROM ${t('blind_nonces')} WHERE expires_at < $1`, [now]);
      const r = await pool.query(
        `INSERT INTO ${t('blind_nonces')} (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE ${t('blind_nonces')}.expires_at < $3`,
        [nonce, expiresAt, now],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async getSetting(name) {
      return (await pool.query(`SELECT value FROM ${t('blind_settings')} WHERE name = $1`, [name])).rows[0]?.value ?? null;
    },
    async setSetting(name, value) {
      await pool.query(`INSERT INTO ${t('blind_settings')} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [name, value]);
    },
    async chargeBudget(org, windowStart, decide) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(`INSERT INTO ${t('blind_budget')} (org, window_start, used) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [org, windowStart]);
        const r = (await c.query(`SELECT org, window_start, used FROM ${t('blind_budget')} WHERE org = $1 AND window_start = $2 FOR UPDATE`, [org, windowStart])).rows[0];
        const d = decide(r && Number(r.used) > 0 ? { org: r.org, windowStart: Number(r.window_start), used: Number(r.used) } : null);
        if (d.ok) await c.query(`UPDATE ${t('blind_budget')} SET used = $3 WHERE org = $1 AND window_start = $2`, [org, windowStart, d.usage.used]);
        await c.query('COMMIT');
        return d;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async budgetUsage(windowStart) {
      const rows = (await pool.query(`SELECT org, window_start, used FROM ${t('blind_budget')} WHERE window_start = $1 AND used > 0 ORDER BY org`, [windowStart])).rows;
      return rows.map((r): BudgetUsage => ({ org: r.org, windowStart: Number(r.window_start), used: Number(r.used) }));
    },
    async cachedTags(epoch, inputs) {
      const out = new Map<string, string>();
      if (inputs.length === 0) return out;
      const rows = (await pool.query(`SELECT input, tag FROM ${t('blind_tag_cache')} WHERE epoch = $1 AND input = ANY($2::text[])`, [epoch, inputs])).rows;
      for (const r of rows) out.set(r.input, r.tag);
      return out;
    },
    async cacheTags(epoch, rows) {
      if (rows.length === 0) return;
      await pool.query(
        `INSERT INTO ${t('blind_tag_cache')} (epoch, input, tag) SELECT $1, i, g FROM unnest($2::text[], $3::text[]) AS u(i, g) ON CONFLICT DO NOTHING`,
        [epoch, rows.map((r) => r.input), rows.map((r) => r.tag)],
      );
    },
    async tokenRows(epoch, audience) {
      return (await pool.query(`SELECT input, tag, attribute_id, match FROM ${t('blind_tokens')} WHERE epoch = $1 AND audience = $2`, [epoch, audience])).rows.map(tokenFromRow);
    },
    async applyTokens(epoch, audience, change, state, delta) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        if (change.removed.length > 0) {
          await c.query(
            `DELETE FROM ${t('blind_tokens')} t USING unnest($3::text[], $4::bigint[]) AS u(i, a) WHERE t.epoch = $1 AND t.audience = $2 AND t.input = u.i AND t.attribute_id = u.a`,
            [epoch, audience, change.removed.map((r) => r.input), change.removed.map((r) => r.attributeId)],
          );
        }
        if (change.added.length > 0) {
          await c.query(
            `INSERT INTO ${t('blind_tokens')} (epoch, audience, input, tag, attribute_id, match)
             SELECT $1, $2, i, g, a, m FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) AS u(i, g, a, m)
             ON CONFLICT (epoch, audience, input, attribute_id) DO UPDATE SET match = EXCLUDED.match, tag = EXCLUDED.tag`,
            [epoch, audience, change.added.map((r) => r.input), change.added.map((r) => r.tag), change.added.map((r) => r.attributeId), change.added.map((r) => r.match)],
          );
        }
        await c.query(`INSERT INTO ${t('blind_sets')} (epoch, audience, state) VALUES ($1, $2, $3) ON CONFLICT (epoch, audience) DO UPDATE SET state = EXCLUDED.state`, [epoch, audience, state]);
        await c.query(`INSERT INTO ${t('blind_deltas')} (epoch, audience, from_version, to_version, added, removed) VALUES ($1, $2, $3, $4, $5, $6)`, [
          epoch,
          audience,
          delta.fromVersion,
          delta.toVersion,
          delta.added,
          delta.removed,
        ]);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async tokenState(epoch, audience) {
      return (await pool.query(`SELECT state FROM ${t('blind_sets')} WHERE epoch = $1 AND audience = $2`, [epoch, audience])).rows[0]?.state ?? null;
    },
    async deltasSince(epoch, audience, fromVersion) {
      const rows = (await pool.query(`SELECT from_version, to_version, added, removed FROM ${t('blind_deltas')} WHERE epoch = $1 AND audience = $2 AND from_version >= $3 ORDER BY from_version`, [epoch, audience, fromVersion])).rows;
      return rows.map((r) => ({ fromVersion: Number(r.from_version), toVersion: Number(r.to_version), added: r.added, removed: r.removed }));
    },
    async tokensByTag(epoch, audiences, tag) {
      if (audiences.length === 0) return [];
      const rows = (await pool.query(`SELECT audience, input, tag, attribute_id, match FROM ${t('blind_tokens')} WHERE epoch = $1 AND tag = $2 AND audience = ANY($3::text[])`, [epoch, tag, audiences])).rows;
      return rows.map((r) => ({ ...tokenFromRow(r), audience: r.audience }));
    },
    async audiences(epoch) {
      return (await pool.query(`SELECT audience FROM ${t('blind_sets')} WHERE epoch = $1 ORDER BY audience`, [epoch])).rows.map((r) => r.audience as string);
    },
    async dropEpochsBefore(epoch) {
      for (const n of ['blind_tag_cache', 'blind_tokens', 'blind_sets', 'blind_deltas']) await pool.query(`DELETE FROM ${t(n)} WHERE epoch < $1`, [epoch]);
    },
  };
}
