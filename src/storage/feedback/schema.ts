/** The hub feedback table (one row per organisation × search × hit × kind). */
export function feedbackSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE IF NOT EXISTS hub_feedback (
  id ${id}, search_id TEXT NOT NULL, org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
  value TEXT NOT NULL, type TEXT NOT NULL, attribute_uuid TEXT NOT NULL, event_uuid TEXT NOT NULL, event_info TEXT NOT NULL,
  kind TEXT NOT NULL, comment TEXT NOT NULL, reveal INTEGER NOT NULL, author TEXT NOT NULL, relay TEXT NOT NULL, at ${big} NOT NULL,
  UNIQUE (org_id, search_id, member_id, attribute_uuid, kind));
CREATE INDEX IF NOT EXISTS hub_feedback_owner ON hub_feedback (member_id, at);
CREATE INDEX IF NOT EXISTS hub_feedback_hit ON hub_feedback (member_id, attribute_uuid);`,
  ];
}
