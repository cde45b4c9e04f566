/** The workbench tables: labels per organisation × search, watches, and watch notifications per user. */
export function workbenchSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE IF NOT EXISTS hub_search_labels (
  org_id INTEGER NOT NULL, search_id TEXT NOT NULL, ticket TEXT NOT NULL, note TEXT NOT NULL,
  user_id INTEGER NOT NULL, by_login TEXT NOT NULL, updated_at ${big} NOT NULL, PRIMARY KEY (org_id, search_id));
CREATE TABLE IF NOT EXISTS hub_watches (
  id ${id}, org_id INTEGER NOT NULL, owner_user_id INTEGER NOT NULL, owner_login TEXT NOT NULL, name TEXT NOT NULL,
  values_json TEXT NOT NULL, interval_hours INTEGER NOT NULL, enabled INTEGER NOT NULL, email INTEGER NOT NULL, webhook INTEGER NOT NULL,
  created_at ${big} NOT NULL, next_run_at ${big} NOT NULL, last_run_at ${big}, last_search_id TEXT NOT NULL,
  last_new_hits INTEGER, last_error TEXT);
CREATE INDEX IF NOT EXISTS hub_watches_due ON hub_watches (enabled, next_run_at);
CREATE INDEX IF NOT EXISTS hub_watches_org ON hub_watches (org_id);
CREATE TABLE IF NOT EXISTS hub_watch_notifications (
  id ${id}, org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, watch_id INTEGER NOT NULL, watch_name TEXT NOT NULL,
  search_id TEXT NOT NULL, previous_id TEXT NOT NULL, new_hits INTEGER NOT NULL, at ${big} NOT NULL, seen INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS hub_watch_notifications_user ON hub_watch_notifications (org_id, user_id, id);`,
  ];
}
