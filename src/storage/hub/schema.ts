/** The hub's tables. `{{ID}}` and `{{BIGINT}}` are filled per dialect. */
const DDL = `
CREATE TABLE IF NOT EXISTS hub_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS hub_orgs (id {{ID}}, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS hub_users (
  id {{ID}}, login TEXT NOT NULL UNIQUE, org_id INTEGER NOT NULL REFERENCES hub_orgs(id),
  role TEXT NOT NULL, locale TEXT NOT NULL DEFAULT 'ja', password_hash TEXT,
  failed_logins INTEGER NOT NULL DEFAULT 0, locked_until {{BIGINT}});
CREATE TABLE IF NOT EXISTS hub_api_keys (
  id {{ID}}, user_id INTEGER NOT NULL REFERENCES hub_users(id) ON DELETE CASCADE, label TEXT NOT NULL,
  prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at {{BIGINT}} NOT NULL, last_used_at {{BIGINT}});
CREATE TABLE IF NOT EXISTS hub_sessions (
  id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES hub_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL, expires_at {{BIGINT}} NOT NULL);
CREATE TABLE IF NOT EXISTS hub_members (
  id {{ID}}, org_id INTEGER NOT NULL UNIQUE REFERENCES hub_orgs(id), name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS hub_sources (
  id {{ID}}, member_id INTEGER NOT NULL REFERENCES hub_members(id) ON DELETE CASCADE, kind TEXT NOT NULL,
  url TEXT NOT NULL, secret TEXT NOT NULL, verify_tls INTEGER NOT NULL, ca_file TEXT,
  status TEXT NOT NULL DEFAULT 'unknown', last_error TEXT, last_latency_ms DOUBLE PRECISION);
CREATE TABLE IF NOT EXISTS hub_source_latency (
  source_id INTEGER NOT NULL REFERENCES hub_sources(id) ON DELETE CASCADE, at {{BIGINT}} NOT NULL,
  ms DOUBLE PRECISION, ok INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS hub_source_latency_idx ON hub_source_latency (source_id, at);
CREATE TABLE IF NOT EXISTS hub_searches (
  id TEXT PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES hub_orgs(id), user_id INTEGER NOT NULL,
  created_at {{BIGINT}} NOT NULL, status TEXT NOT NULL, value_count INTEGER NOT NULL,
  hit_value_count INTEGER NOT NULL DEFAULT 0, result_json TEXT);
CREATE INDEX IF NOT EXISTS hub_searches_org_idx ON hub_searches (org_id, created_at);
CREATE TABLE IF NOT EXISTS hub_audit (
  id {{ID}}, at {{BIGINT}} NOT NULL, actor_user_id INTEGER, actor_org TEXT, action TEXT NOT NULL,
  count INTEGER, detail TEXT);
CREATE TABLE IF NOT EXISTS hub_owner_hits (
  id {{ID}}, member_id INTEGER NOT NULL REFERENCES hub_members(id) ON DELETE CASCADE, search_id TEXT NOT NULL,
  searcher_org TEXT NOT NULL, value TEXT NOT NULL, type TEXT NOT NULL, match TEXT NOT NULL,
  attribute_uuid TEXT NOT NULL, event_uuid TEXT NOT NULL, event_info TEXT NOT NULL, at {{BIGINT}} NOT NULL);
CREATE INDEX IF NOT EXISTS hub_owner_hits_idx ON hub_owner_hits (member_id, at);
CREATE TABLE IF NOT EXISTS hub_source_requests (
  id {{ID}}, member_id INTEGER NOT NULL REFERENCES hub_members(id) ON DELETE CASCADE, kind TEXT NOT NULL,
  url TEXT NOT NULL, secret TEXT NOT NULL, verify_tls INTEGER NOT NULL, requested_by INTEGER NOT NULL,
  requested_at {{BIGINT}} NOT NULL, state TEXT NOT NULL DEFAULT 'pending', decided_by INTEGER, decided_at {{BIGINT}},
  source_id INTEGER, note TEXT);
`;

/**
 * Which hub process runs a search, and when each process last said it was alive: a starting hub marks
 * `interrupted` only the searches of processes that are gone, not those another live hub is running.
 */
const INSTANCES = `
ALTER TABLE hub_searches ADD COLUMN hub_instance TEXT;
CREATE TABLE hub_instances (id TEXT PRIMARY KEY, seen_at {{BIGINT}} NOT NULL);
`;

/**
 * The migration steps (module `hub`) for one dialect. Step 1 keeps IF NOT EXISTS so that databases made
 * before versioned migrations take it unchanged; append new steps, never edit old ones.
 */
export function hubSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'SERIAL PRIMARY KEY';
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [DDL, INSTANCES].map((step) => step.replaceAll('{{ID}}', id).replaceAll('{{BIGINT}}', big));
}
