import type { Database } from 'better-sqlite3';
import { runMigrations } from '../sqlite/migrate.ts';
import type { BudgetUsage } from '../../core/blind/budget.ts';
import type { BlindStore, StoredDelta, TokenRow } from './port.ts';

/** Versioned steps (`runMigrations`); step 1 keeps IF NOT EXISTS for databases made before the runner. */
const STEPS: readonly string[] = [`
CREATE TABLE IF NOT EXISTS blind_hub_pins (key_id INTEGER PRIMARY KEY, public_key TEXT NOT NULL, pinned_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blind_nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS blind_nonces_exp ON blind_nonces(expires_at);
CREATE TABLE IF NOT EXISTS blind_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blind_budget (org TEXT NOT NULL, window_start INTEGER NOT NULL, used INTEGER NOT NULL, PRIMARY KEY (org, window_start));
CREATE TABLE IF NOT EXISTS blind_tag_cache (epoch INTEGER NOT NULL, input TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (epoch, input));
CREATE TABLE IF NOT EXISTS blind_tokens (
  epoch INTEGER NOT NULL, audience TEXT NOT NULL, input TEXT NOT NULL, tag TEXT NOT NULL, attribute_id INTEGER NOT NULL, match TEXT NOT NULL,
  PRIMARY KEY (epoch, audience, input, attribute_id)
);
CREATE INDEX IF NOT EXISTS blind_tokens_tag ON blind_tokens(epoch, tag);
CREATE TABLE IF NOT EXISTS blind_sets (epoch INTEGER NOT NULL, audience TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (epoch, audience));
CREATE TABLE IF NOT EXISTS blind_deltas (
  epoch INTEGER NOT NULL, audience TEXT NOT NULL, from_version INTEGER NOT NULL, to_version INTEGER NOT NULL, added TEXT NOT NULL, removed TEXT NOT NULL,
  PRIMARY KEY (epoch, audience, from_version)
);
`];

interface TokenDbRow {
  input: string;
  tag: string;
  attribute_id: number;
  match: string;
  audience?: string;
}

export const tokenFromRow = (r: TokenDbRow): TokenRow => ({ input: r.input, tag: r.tag, attributeId: Number(r.attribute_id), match: r.match });

/** Blind-search bookkeeping on the node's SQLite database. */
export function createSqliteBlindStore(db: Database): BlindStore {
  let s: ReturnType<typeof prepare> | null = null;
  const prepare = () => ({
    pin: db.prepare('INSERT INTO blind_hub_pins (key_id, public_key, pinned_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET public_key = excluded.public_key, pinned_at = excluded.pinned_at'),
    getPin: db.prepare('SELECT key_id, public_key, pinned_at FROM blind_hub_pins WHERE key_id = ?'),
    purgeNonces: db.prepare('DELETE FROM blind_nonces WHERE expires_at < ?'),
    nonce: db.prepare('INSERT INTO blind_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE blind_nonces.expires_at < ?'),
    getSetting: db.prepare('SELECT value FROM blind_settings WHERE name = ?'),
    setSetting: db.prepare('INSERT INTO blind_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    getBudget: db.prepare('SELECT org, window_start, used FROM blind_budget WHERE org = ? AND window_start = ?'),
    setBudget: db.prepare('INSERT INTO blind_budget (org, window_start, used) VALUES (?, ?, ?) ON CONFLICT (org, window_start) DO UPDATE SET used = excluded.used'),
    usage: db.prepare('SELECT org, window_start, used FROM blind_budget WHERE window_start = ? ORDER BY org'),
    cached: db.prepare('SELECT tag FROM blind_tag_cache WHERE epoch = ? AND input = ?'),
    cache: db.prepare('INSERT INTO blind_tag_cache (epoch, input, tag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    rows: db.prepare('SELECT input, tag, attribute_id, match FROM blind_tokens WHERE epoch = ? AND audience = ?'),
    addRow: db.prepare('INSERT INTO blind_tokens (epoch, audience, input, tag, attribute_id, match) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (epoch, audience, input, attribute_id) DO UPDATE SET match = excluded.match, tag = excluded.tag'),
    delRow: db.prepare('DELETE FROM blind_tokens WHERE epoch = ? AND audience = ? AND input = ? AND attribute_id = ?'),
    setState: db.prepare('INSERT INTO blind_sets (epoch, audience, state) VALUES (?, ?, ?) ON CONFLICT (epoch, audience) DO UPDATE SET state = excluded.state'),
    getState: db.prepare('SELECT state FROM blind_sets WHERE epoch = ? AND audience = ?'),
    addDelta: db.prepare('INSERT INTO blind_deltas (epoch, audience, from_version, to_version, added, removed) VALUES (?, ?, ?, ?, ?, ?)'),
    deltas: db.prepare('SELECT from_version, to_version, added, removed FROM blind_deltas WHERE epoch = ? AND audience = ? AND from_version >= ? ORDER BY from_version'),
    audiences: db.prepare('SELECT audience FROM blind_sets WHERE epoch = ? ORDER BY audience'),
  });
  const st = () => (s ??= prepare());
  const drop = db.transaction((epoch: number) => {
    for (const t of ['blind_tag_cache', 'blind_tokens', 'blind_sets', 'blind_deltas']) db.prepare(`DELETE FROM ${t} WHERE epoch < ?`).run(epoch);
  });
  return {
    async migrate() {
      runMigrations(db, 'blind', STEPS);
      s = null;
    },
    async pinHub(keyId, publicKey, at) {
      st().pin.run(keyId, publicKey, at);
    },
    async hubPin(keyId) {
      const r = st().getPin.get(keyId) as { key_id: number; public_key: string; pinned_at: number } | undefined;
      return r ? { keyId: Number(r.key_id), publicKey: r.public_key, pinnedAt: Number(r.pinned_at) } : null;
    },
    async rememberNonce(nonce, expiresAt, now) {
      if (Math.random() < 1 / 64) st().purgeNonces.run(now);
      return st().nonce.run(nonce, expiresAt, now).changes > 0;
    },
    async getSetting(name) {
      return (st().getSetting.get(name) as { value: string } | undefined)?.value ?? null;
    },
    async setSetting(name, value) {
      st().setSetting.run(name, value);
    },
    async chargeBudget(org, windowStart, decide) {
      return db.transaction(() => {
        const r = st().getBudget.get(org, windowStart) as { org: string; window_start: number; used: number } | undefined;
        const d = decide(r ? { org: r.org, windowStart: Number(r.window_start), used: Number(r.used) } : null);
        if (d.ok) st().setBudget.run(org, windowStart, d.usage.used);
        return d;
      }).immediate();
    },
    async budgetUsage(windowStart) {
      return (st().usage.all(windowStart) as { org: string; window_start: number; used: number }[]).map((r): BudgetUsage => ({ org: r.org, windowStart: Number(r.window_start), used: Number(r.used) }));
    },
    async cachedTags(epoch, inputs) {
      const out = new Map<string, string>();
      for (const i of inputs) {
        const r = st().cached.get(epoch, i) as { tag: string } | undefined;
        if (r) out.set(i, r.tag);
      }
      return out;
    },
    async cacheTags(epoch, rows) {
      db.transaction(() => {
        for (const r of rows) st().cache.run(epoch, r.input, r.tag);
      })();
    },
    async tokenRows(epoch, audience) {
      return (st().rows.all(epoch, audience) as TokenDbRow[]).map(tokenFromRow);
    },
    async applyTokens(epoch, audience, change, state, delta: StoredDelta) {
      db.transaction(() => {
        for (const r of change.removed) st().delRow.run(epoch, audience, r.input, r.attributeId);
        for (const r of change.added) st().addRow.run(epoch, audience, r.input, r.tag, r.attributeId, r.match);
        st().setState.run(epoch, audience, state);
        st().addDelta.run(epoch, audience, delta.fromVersion, delta.toVersion, delta.added, delta.removed);
      })();
    },
    async tokenState(epoch, audience) {
      return (st().getState.get(epoch, audience) as { state: string } | undefined)?.state ?? null;
    },
    async deltasSince(epoch, audience, fromVersion) {
      return (st().deltas.all(epoch, audience, fromVersion) as { from_version: number; to_version: number; added: string; removed: string }[]).map((r) => ({
        fromVersion: Number(r.from_version),
        toVersion: Number(r.to_version),
        added: r.added,
        removed: r.removed,
      }));
    },
    async tokensByTag(epoch, audiences, tag) {
      if (audiences.length === 0) return [];
      const rows = db
        .prepare(`SELECT audience, input, tag, attribute_id, match FROM blind_tokens WHERE epoch = ? AND tag = ? AND audience IN (${audiences.map(() => '?').join(',')})`)
        .all(epoch, tag, ...audiences) as TokenDbRow[];
      return rows.map((r) => ({ ...tokenFromRow(r), audience: r.audience! }));
    },
    async audiences(epoch) {
      return (st().audiences.all(epoch) as { audience: string }[]).map((r) => r.audience);
    },
    async dropEpochsBefore(epoch) {
      drop(epoch);
    },
  };
}
