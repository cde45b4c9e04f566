/** CSV of a search's rows: one line per value, CRLF, spreadsheet formulas defused, optional UTF-8 BOM. */
import type { ValueSummary } from './value-summary.ts';

/** Quotes a cell and defuses spreadsheet formulas (a leading = + - @ runs in Excel). */
export function csvCell(v: string | number | boolean | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['input', 'type', 'value', 'total_hits', 'members', 'match_kinds', 'tags', 'tlp', 'first_seen', 'last_seen', 'to_ids', 'comment', 'events', 'country', 'asn'];

/** The CSV text; `bom` starts it with U+FEFF so Excel opens Japanese text as UTF-8. */
export function toCsv(rows: ValueSummary[], bom: boolean): string {
  const lines = [CSV_HEADER.join(',')];
  for (const s of rows) {
    const r = s.row;
    const total = Object.values(r.hits).reduce((a, b) => a + b, 0);
    lines.push(
      [
        r.input,
        r.type,
        r.value,
        total,
        s.members.join('; '),
        s.matchKinds.join('; '),
        s.tags.join('; '),
        s.tlp ? `tlp:${s.tlp}` : '',
        s.firstSeen,
        s.lastSeen,
        total > 0 ? s.toIds : '',
        s.comments.join(' | '),
        s.events.map((e) => `${e.member}: ${e.info}`).join(' | '),
        r.enrichment?.country,
        r.enrichment?.asn,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
