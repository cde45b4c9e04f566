/**
 * The CSV behind a chart or table: one row per figure, withheld figures empty with their status, and the
 * methodology and both citation lines as leading `#` comment lines (read with `comment='#'`).
 */
import type { ReportFigure, ReportTable } from '../../../core/reports/model.ts';

/** A CSV cell; text that a spreadsheet would run as a formula (= + - @ tab) is quoted with a leading '. */
const cell = (v: string | number | null): string => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t]/.test(v) ? `'${v}` : v;
  return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const line = (f: ReportFigure, unit: string): string =>
  [f.citationId, f.label, f.status, f.value, f.previous?.status === 'published' ? f.previous.value : null, f.changePercent, unit].map(cell).join(',');

/** CSV text of a table (rows, then the total). */
export function tableCsv(t: ReportTable): string {
  const m = t.methodology;
  const comments = [
    `# ${t.title} (${t.citationId})`,
    `# ${m.citation.ja}`,
    `# ${m.citation.en}`,
    `# issuer: ${m.issuer}; period: ${m.period}; members: ${m.members}; sensors: ${m.sensors ?? '-'}; method: ${m.methodVersion}`,
    `# counting: ${m.countingRule}`,
    `# method: ${m.method}`,
    ...m.caveats.map((c) => `# caveat: ${c}`),
    `# licence: ${m.licence}`,
  ].map((c) => c.replace(/[\r\n]+/g, ' '));
  const rows = [...t.rows, ...(t.total ? [t.total] : [])].map((f) => line(f, t.unit));
  return [...comments, 'citation_id,label,status,value,previous_value,change_percent,unit', ...rows].join('\n') + '\n';
}

/** CSV of one figure. */
export function figureCsv(f: ReportFigure, unit: string, citation: { ja: string; en: string }): string {
  return [`# ${citation.ja}`, `# ${citation.en}`, 'citation_id,label,status,value,previous_value,change_percent,unit', line(f, unit)].join('\n') + '\n';
}
