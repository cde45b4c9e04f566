/** The one hit log read, written once with `?` placeholders for both engines. */
import type { HitLogQuery } from './port.ts';

/** `SELECT` of the hit log rows `q` names from `table`, limit applied after every filter. */
export function hitLogSelect(table: string, q: HitLogQuery): { sql: string; params: unknown[] } {
  const where = ['at >= ?'];
  const params: unknown[] = [q.since ?? 0];
  if (q.ownerOrgId !== undefined) (where.push('owner_org_id = ?'), params.push(q.ownerOrgId));
  if (q.excludeSearcher !== undefined) (where.push('searcher_org <> ?'), params.push(q.excludeSearcher));
  params.push(q.limit ?? 1000);
  return { sql: `SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY id${q.newestFirst ? ' DESC' : ''} LIMIT ?`, params };
}
