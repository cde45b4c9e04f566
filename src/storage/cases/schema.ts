/**
 * The cases tables. Every table carries `org_id` so each query can filter on the owning organisation
 * directly (no join needed to enforce privacy).
 */
import { REPAIR_ORDER } from '../../core/cases/triage.ts';

const V1 = `
CREATE TABLE IF NOT EXISTS cases (
  id {{ID}}, org_id INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, state TEXT NOT NULL,
  outcome TEXT, severity TEXT NOT NULL, tlp TEXT NOT NULL, pap TEXT NOT NULL, owner_user_id INTEGER,
  created_by INTEGER NOT NULL, created_at {{BIGINT}} NOT NULL, updated_at {{BIGINT}} NOT NULL, closed_at {{BIGINT}},
  damage_json TEXT NOT NULL, rooms_json TEXT NOT NULL, observations_json TEXT NOT NULL, malware_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cases_org_idx ON cases (org_id, updated_at);
CREATE TABLE IF NOT EXISTS case_tasks (
  id {{ID}}, org_id INTEGER NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  title TEXT NOT NULL, owner_user_id INTEGER, due_at {{BIGINT}}, state TEXT NOT NULL, template_key TEXT,
  from_note_id INTEGER, created_at {{BIGINT}} NOT NULL, updated_at {{BIGINT}} NOT NULL);
CREATE INDEX IF NOT EXISTS case_tasks_idx ON case_tasks (org_id, case_id);
CREATE TABLE IF NOT EXISTS case_timeline (
  id {{ID}}, org_id INTEGER NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  occurred_at TEXT NOT NULL, occurred_at_ms {{BIGINT}} NOT NULL, what TEXT NOT NULL, source TEXT NOT NULL,
  outage TEXT, host_ids_json TEXT NOT NULL, indicators_json TEXT NOT NULL, created_by INTEGER NOT NULL,
  created_at {{BIGINT}} NOT NULL);
CREATE INDEX IF NOT EXISTS case_timeline_idx ON case_timeline (org_id, case_id, occurred_at_ms);
CREATE TABLE IF NOT EXISTS case_hosts (
  id {{ID}}, org_id INTEGER NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  name TEXT NOT NULL, address TEXT, os TEXT, owner TEXT, tag TEXT NOT NULL, priority INTEGER,
  updated_at {{BIGINT}} NOT NULL);
CREATE INDEX IF NOT EXISTS case_hosts_idx ON case_hosts (org_id, case_id, tag);
CREATE TABLE IF NOT EXISTS case_host_tags (
  id {{ID}}, org_id INTEGER NOT NULL, case_id INTEGER NOT NULL, host_id INTEGER NOT NULL REFERENCES case_hosts(id) ON DELETE CASCADE,
  from_tag TEXT, to_tag TEXT NOT NULL, reason TEXT NOT NULL, by_user_id INTEGER NOT NULL, at {{BIGINT}} NOT NULL);
CREATE INDEX IF NOT EXISTS case_host_tags_idx ON case_host_tags (org_id, host_id);
CREATE TABLE IF NOT EXISTS case_notes (
  id {{ID}}, org_id INTEGER NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  created_at {{BIGINT}} NOT NULL);
CREATE TABLE IF NOT EXISTS case_note_revisions (
  note_id INTEGER NOT NULL REFERENCES case_notes(id) ON DELETE CASCADE, revision INTEGER NOT NULL,
  org_id INTEGER NOT NULL, case_id INTEGER NOT NULL, subjective TEXT NOT NULL, objective TEXT NOT NULL,
  assessment TEXT NOT NULL, plan_json TEXT NOT NULL, attachments_json TEXT NOT NULL,
  author_user_id INTEGER NOT NULL, author_login TEXT NOT NULL, at {{BIGINT}} NOT NULL,
  PRIMARY KEY (note_id, revision));
CREATE INDEX IF NOT EXISTS case_note_revisions_idx ON case_note_revisions (org_id, case_id);
CREATE TABLE IF NOT EXISTS case_attachments (
  org_id INTEGER NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE, sha256 TEXT NOT NULL,
  name TEXT NOT NULL, size INTEGER NOT NULL, content_b64 TEXT NOT NULL, PRIMARY KEY (org_id, case_id, sha256));
`;

/** A host's manual place in the repair list, unset places last (the contract caps places at 1,000,000). */
export const HOST_PLACE_SQL = 'COALESCE(priority, 2147483647)';
/** The tag's rank in `REPAIR_ORDER` (kept literal: an index expression must match the query's text). */
export const HOST_RANK_SQL = `CASE tag ${REPAIR_ORDER.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE ${REPAIR_ORDER.length} END`;

/**
 * V2: host paging. One index per order the host table is read in (name; tag then name; repair order over
 * triaged hosts), each ending in `id` so keyset paging is one index range. PostgreSQL compares names
 * bytewise (COLLATE "C") like SQLite, so both engines page in the same order whatever the locale.
 */
const v2 = (dialect: 'sqlite' | 'postgres'): string => `
${dialect === 'postgres' ? 'ALTER TABLE case_hosts ALTER COLUMN name TYPE TEXT COLLATE "C";' : ''}
DROP INDEX IF EXISTS case_hosts_idx;
CREATE INDEX IF NOT EXISTS case_hosts_name_idx ON case_hosts (org_id, case_id, name, id);
CREATE INDEX IF NOT EXISTS case_hosts_tag_idx ON case_hosts (org_id, case_id, tag, name, id);
CREATE INDEX IF NOT EXISTS case_hosts_repair_idx ON case_hosts (org_id, case_id, (${HOST_PLACE_SQL}), (${HOST_RANK_SQL}), name, id) WHERE tag <> 'untriaged';
`;

/** V3: the member's own figures (annual revenue, business days, hours per day) that new cases start from. */
const V3 = `
CREATE TABLE IF NOT EXISTS case_org_settings (
  org_id INTEGER PRIMARY KEY, settings_json TEXT NOT NULL, updated_by INTEGER NOT NULL, updated_at {{BIGINT}} NOT NULL);
`;

/** The migration steps for one dialect (step i is version i+1). */
export function casesSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'SERIAL PRIMARY KEY';
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [V1.replaceAll('{{ID}}', id).replaceAll('{{BIGINT}}', big), v2(dialect), V3.replaceAll('{{BIGINT}}', big)];
}
