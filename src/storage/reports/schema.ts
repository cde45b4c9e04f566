/** The report tables, per dialect (migration steps for `migrateOn(runner, 'reports', …)`). */

/** Ordered migration steps: step i is version i + 1. */
export function reportSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'SERIAL PRIMARY KEY';
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE IF NOT EXISTS report_versions (
      id ${id}, series TEXT NOT NULL, state TEXT NOT NULL, version INTEGER, supersedes INTEGER, change_note TEXT,
      lang TEXT NOT NULL, audience TEXT NOT NULL, period_kind TEXT NOT NULL, period_start TEXT NOT NULL,
      period_code TEXT NOT NULL, title TEXT NOT NULL, content_json TEXT NOT NULL, created_by INTEGER NOT NULL,
      created_at ${big} NOT NULL, published_by INTEGER, published_at ${big}, UNIQUE (series, version));
    CREATE TABLE IF NOT EXISTS report_citations (
      citation_id TEXT NOT NULL, report_id INTEGER NOT NULL REFERENCES report_versions(id), version INTEGER NOT NULL,
      audience TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (citation_id, report_id));
    CREATE INDEX IF NOT EXISTS report_versions_series_idx ON report_versions (series, version);`,
    // The community alert level's dated change log (the newest row is the level in force).
    `CREATE TABLE IF NOT EXISTS report_alert_levels (
      id ${id}, level TEXT NOT NULL, reason TEXT NOT NULL, set_by INTEGER NOT NULL, set_at ${big} NOT NULL);`,
  ];
}
