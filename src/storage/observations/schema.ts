/** Tables of observations, community questions, incident rooms and topic groups. `{{ID}}`/`{{BIGINT}}` are filled per dialect. */

const V1 = `
CREATE TABLE topic_groups (id {{ID}}, name TEXT NOT NULL UNIQUE, owner_org_id INTEGER NOT NULL, created_at {{BIGINT}} NOT NULL);
CREATE TABLE topic_group_members (group_id INTEGER NOT NULL REFERENCES topic_groups(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, PRIMARY KEY (group_id, org_id));
CREATE INDEX topic_group_members_org ON topic_group_members (org_id);
CREATE TABLE share_audience_orgs (kind TEXT NOT NULL, item_id INTEGER NOT NULL, org_id INTEGER NOT NULL, PRIMARY KEY (kind, item_id, org_id));
CREATE TABLE share_indicators (kind TEXT NOT NULL, item_id INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX share_indicators_value ON share_indicators (value, kind);
CREATE INDEX share_indicators_item ON share_indicators (kind, item_id);
CREATE TABLE obs_items (
  id {{ID}}, author_org_id INTEGER NOT NULL, author_user_id INTEGER NOT NULL, anonymous INTEGER NOT NULL,
  title TEXT NOT NULL, body TEXT NOT NULL, language TEXT NOT NULL, category TEXT NOT NULL, five_w1h TEXT NOT NULL,
  favours TEXT NOT NULL, confidence TEXT NOT NULL, tlp TEXT NOT NULL, audience_kind TEXT NOT NULL, audience_group_id INTEGER,
  created_at {{BIGINT}} NOT NULL, updated_at {{BIGINT}} NOT NULL);
CREATE INDEX obs_items_created ON obs_items (created_at);
CREATE TABLE obs_responses (
  observation_id INTEGER NOT NULL REFERENCES obs_items(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
  kind TEXT NOT NULL, seen_at {{BIGINT}}, scale TEXT, acted TEXT, use_as TEXT, note TEXT NOT NULL, anonymous INTEGER NOT NULL,
  at {{BIGINT}} NOT NULL, PRIMARY KEY (observation_id, org_id));
CREATE TABLE obs_comments (
  id {{ID}}, observation_id INTEGER NOT NULL REFERENCES obs_items(id) ON DELETE CASCADE, parent_id INTEGER,
  org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, text TEXT NOT NULL, anonymous INTEGER NOT NULL, at {{BIGINT}} NOT NULL);
CREATE INDEX obs_comments_obs ON obs_comments (observation_id, id);
CREATE TABLE obs_questions (
  id {{ID}}, author_org_id INTEGER NOT NULL, author_user_id INTEGER NOT NULL, anonymous INTEGER NOT NULL, text TEXT NOT NULL,
  options TEXT NOT NULL, deadline {{BIGINT}} NOT NULL, tlp TEXT NOT NULL, audience_kind TEXT NOT NULL, audience_group_id INTEGER,
  created_at {{BIGINT}} NOT NULL);
CREATE TABLE obs_question_answers (
  question_id INTEGER NOT NULL REFERENCES obs_questions(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, option_index INTEGER NOT NULL,
  named INTEGER NOT NULL, at {{BIGINT}} NOT NULL, PRIMARY KEY (question_id, org_id));
CREATE TABLE obs_rooms (
  id {{ID}}, author_org_id INTEGER NOT NULL, author_user_id INTEGER NOT NULL, anonymous INTEGER NOT NULL, title TEXT NOT NULL,
  description TEXT NOT NULL, tlp TEXT NOT NULL, audience_kind TEXT NOT NULL, audience_group_id INTEGER, severity TEXT NOT NULL,
  state TEXT NOT NULL, created_at {{BIGINT}} NOT NULL, updated_at {{BIGINT}} NOT NULL);
CREATE TABLE obs_room_statuses (
  room_id INTEGER NOT NULL REFERENCES obs_rooms(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, status TEXT NOT NULL,
  note TEXT NOT NULL, anonymous INTEGER NOT NULL, at {{BIGINT}} NOT NULL, PRIMARY KEY (room_id, org_id));
CREATE TABLE obs_room_posts (
  id {{ID}}, room_id INTEGER NOT NULL REFERENCES obs_rooms(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
  text TEXT NOT NULL, indicators TEXT NOT NULL, anonymous INTEGER NOT NULL, at {{BIGINT}} NOT NULL);
CREATE INDEX obs_room_posts_room ON obs_room_posts (room_id, id);
CREATE TABLE obs_room_events (
  id {{ID}}, room_id INTEGER NOT NULL REFERENCES obs_rooms(id) ON DELETE CASCADE, kind TEXT NOT NULL, ref_id INTEGER, org_id INTEGER, at {{BIGINT}} NOT NULL);
CREATE INDEX obs_room_events_room ON obs_room_events (room_id, id);
`;

/** Read/unread per user (a row = read). */
const V2_COMMON = `
CREATE TABLE obs_reads (user_id INTEGER NOT NULL, observation_id INTEGER NOT NULL REFERENCES obs_items(id) ON DELETE CASCADE, at {{BIGINT}} NOT NULL, PRIMARY KEY (user_id, observation_id));
`;

/**
 * Full-text search over title and body, Japanese included (no word breaks): trigrams on both engines.
 * SQLite: an FTS5 trigram table kept in step by triggers. PostgreSQL: a pg_trgm GIN index on the lowered
 * text, which serves `LIKE '%…%'`; the extension lives in `public` (one per database, shared by schemas).
 */
const V2_SQLITE = `
CREATE VIRTUAL TABLE obs_fts USING fts5(title, body, content='obs_items', content_rowid='id', tokenize='trigram');
INSERT INTO obs_fts(obs_fts) VALUES ('rebuild');
CREATE TRIGGER obs_items_fts_ai AFTER INSERT ON obs_items BEGIN
  INSERT INTO obs_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER obs_items_fts_ad AFTER DELETE ON obs_items BEGIN
  INSERT INTO obs_fts(obs_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER obs_items_fts_au AFTER UPDATE OF title, body ON obs_items BEGIN
  INSERT INTO obs_fts(obs_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO obs_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
`;
const V2_POSTGRES = `
DO $$ BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
EXCEPTION WHEN OTHERS THEN
  -- Another schema's migration created it at the same moment (duplicate rows); anything else is raised.
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN RAISE; END IF;
END $$;
CREATE INDEX obs_items_text_trgm ON obs_items USING gin ((lower(title || ' ' || body)) public.gin_trgm_ops);
`;

/** Subscriptions (all new observations, or one room) and the in-app notifications they produce. */
const V3 = `
CREATE TABLE obs_subscriptions (user_id INTEGER NOT NULL, scope TEXT NOT NULL, email INTEGER NOT NULL, webhook INTEGER NOT NULL, created_at {{BIGINT}} NOT NULL, PRIMARY KEY (user_id, scope));
CREATE INDEX obs_subscriptions_scope ON obs_subscriptions (scope);
CREATE TABLE obs_notifications (id {{ID}}, user_id INTEGER NOT NULL, kind TEXT NOT NULL, item_id INTEGER NOT NULL, room_event_id INTEGER, at {{BIGINT}} NOT NULL, seen INTEGER NOT NULL);
CREATE INDEX obs_notifications_user ON obs_notifications (user_id, id);
`;

/** Membership requests of topic groups, waiting for a hub admin (members only count once approved). */
const V4 = `
CREATE TABLE topic_group_requests (group_id INTEGER NOT NULL REFERENCES topic_groups(id) ON DELETE CASCADE, org_id INTEGER NOT NULL, requested_by INTEGER NOT NULL, at {{BIGINT}} NOT NULL, PRIMARY KEY (group_id, org_id));
`;

/**
 * The notification outbox (one row per change to tell, written with the change) and the idempotency key
 * of in-app notifications, so a fan-out page processed again after a crash adds nothing twice.
 */
const V5 = `
CREATE TABLE obs_outbox (
  id {{ID}}, idem_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, item_id INTEGER NOT NULL, change_kind TEXT, ref_id INTEGER,
  actor_user_id INTEGER NOT NULL, created_at {{BIGINT}} NOT NULL, after_user_id INTEGER NOT NULL, next_at {{BIGINT}} NOT NULL,
  attempts INTEGER NOT NULL, last_error TEXT, done_at {{BIGINT}});
CREATE INDEX obs_outbox_due ON obs_outbox (next_at) WHERE done_at IS NULL;
ALTER TABLE obs_notifications ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX obs_notifications_dedup ON obs_notifications (user_id, dedup_key);
`;

/** The subject of a question (country, port or signature), for the statistics baseline beside its answers. */
const V6 = `
ALTER TABLE obs_questions ADD COLUMN subject_dimension TEXT;
ALTER TABLE obs_questions ADD COLUMN subject_key TEXT;
`;

/** The migration steps for one dialect (step i is version i+1). */
export function observationSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'SERIAL PRIMARY KEY';
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const v2 = V2_COMMON + (dialect === 'sqlite' ? V2_SQLITE : V2_POSTGRES);
  return [V1, v2, V3, V4, V5, V6].map((s) => s.replaceAll('{{ID}}', id).replaceAll('{{BIGINT}}', big));
}
