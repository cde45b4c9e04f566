/** A plain blocklist: the values of one type that had hits, one per line, sorted, no header. */
import type { ValueSummary } from './value-summary.ts';

export function toBlocklist(rows: ValueSummary[], type: string): string {
  const values = [...new Set(rows.filter((s) => s.row.type === type).map((s) => s.row.value))].sort();
  return values.length ? `${values.join('\n')}\n` : '';
}
