/**
 * The `WHERE` fragment for the feed's text search on each engine (item aliased `t`). Every term must occur
 * in the title or body. SQLite answers terms of three characters or more from the FTS5 trigram table, a
 * phrase per term; PostgreSQL from the pg_trgm GIN index through `LIKE` on the same expression it indexes.
 * Shorter terms (one or two kanji, "23") fall back to a scan, which the other filters and the read rule bound.
 */
import { charLength, textTerms, TRIGRAM } from '../../core/observations/text-query.ts';
import { likeEscape } from './rows.ts';

/** null when the text has no terms. */
export function textSearchSql(dialect: 'sqlite' | 'postgres', text: string): { sql: string; params: unknown[] } | null {
  const terms = textTerms(text);
  if (terms.length === 0) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (dialect === 'sqlite') {
    const long = terms.filter((t) => charLength(t) >= TRIGRAM);
    if (long.length > 0) {
      parts.push('t.id IN (SELECT rowid FROM obs_fts WHERE obs_fts MATCH ?)');
      params.push(long.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND '));
    }
    for (const t of terms.filter((x) => charLength(x) < TRIGRAM)) {
      parts.push("(LOWER(t.title) LIKE ? ESCAPE '\\' OR LOWER(t.body) LIKE ? ESCAPE '\\')");
      params.push(`%${likeEscape(t)}%`, `%${likeEscape(t)}%`);
    }
  } else {
    for (const t of terms) {
      parts.push("lower(t.title || ' ' || t.body) LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(t)}%`);
    }
  }
  return { sql: `(${parts.join(' AND ')})`, params };
}
