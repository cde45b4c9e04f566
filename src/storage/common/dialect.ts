/**
 * The one place SQL differs by engine outside the adapters' own files: which engine a URL names, and the
 * placeholder rewrite for queries written once with `?` (SQLite's style) and run on PostgreSQL (`$1…$n`).
 */

/** True when `db` names a PostgreSQL database (`postgres://` or `postgresql://`); anything else is a SQLite path. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Rewrites `?` placeholders to PostgreSQL's numbered ones. Queries given to it must not contain a literal `?`
 * (none of ours do: values always travel as parameters).
 * @example numberedParams('SELECT * FROM t WHERE a = ? AND b = ?') // 'SELECT * FROM t WHERE a = $1 AND b = $2'
 */
export function numberedParams(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}
