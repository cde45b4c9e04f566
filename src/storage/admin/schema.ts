/** The administration store's own tables: disabled users and API key expiry (rows vanish with their user or key). */
export function adminSteps(dialect: 'sqlite' | 'postgres'): string[] {
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE IF NOT EXISTS hub_user_disabled (
  user_id INTEGER PRIMARY KEY REFERENCES hub_users(id) ON DELETE CASCADE, disabled_at ${big} NOT NULL, disabled_by INTEGER);
CREATE TABLE IF NOT EXISTS hub_api_key_expiry (
  key_id INTEGER PRIMARY KEY REFERENCES hub_api_keys(id) ON DELETE CASCADE, expires_at ${big} NOT NULL);
CREATE INDEX IF NOT EXISTS hub_audit_at_idx ON hub_audit (at);`,
  ];
}
