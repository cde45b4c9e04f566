/** CSV and JSON exports of the results the analyst sees (after filters). */
import type { MemberResult, ValueResult } from '../../contracts/hub-api.ts';
import { totalHits } from './search-state.ts';

/** Quotes a CSV cell and defuses spreadsheet formulas (a leading = + - @ runs in Excel). */
export function csvCell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per value: totals, per-member counts, enrichment and the matched events. */
export function resultsToCsv(rows: ValueResult[], members: string[]): string {
  const header = ['input', 'type', 'value', 'total_hits', ...members.map((m) => `hits:${m}`), 'country', 'asn', 'as_name', 'hosting', 'events'];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    const events = [...new Set(r.details.map((d) => `${d.member}: ${d.event.info}`))].join(' | ');
    const e = r.enrichment;
    lines.push(
      [r.input, r.type, r.value, totalHits(r), ...members.map((m) => r.hits[m] ?? 0), e?.country, e?.asn, e?.asName, e?.hosting, events]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** The same rows as JSON, with member status, for scripts. */
export function resultsToJson(id: string | null, members: MemberResult[], rows: ValueResult[]): string {
  return JSON.stringify({ id, members, results: rows }, null, 2);
}

/** Starts a browser download of `text`. */
export function download(filename: string, text: string, type: string): void {
  saveBlob(filename, new Blob([text], { type }));
}

/** Starts a browser download of `blob`. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
