/** A CSV row error in the reader's language, from its code and params (the hub's English `reason` only for an unknown code). */
import type { RowError } from './cases-api.ts';
import type { HostMessageKey } from './host-messages.ts';

const KNOWN = new Set(['empty_file', 'bad_header', 'too_many_rows', 'unterminated_quote', 'field_count', 'name_empty', 'field_too_long', 'unknown_tag']);

/** The message key and values for one row error. */
export function rowErrorText(m: (k: HostMessageKey, v?: Record<string, string | number>) => string, e: RowError): string {
  const vars = { ...e.params, line: e.line, reason: e.reason };
  if (e.code === 'too_many_rows' && e.params.caseMax !== undefined) return m('row_too_many_rows_case', vars);
  if (!KNOWN.has(e.code)) return m('row_unknown', vars);
  return m(`row_${e.code}` as HostMessageKey, vars);
}
