/**
 * The management report as one self-contained page for print (A4, inline CSS, Noto Sans CJK JP for the
 * Japanese text, no script, nothing fetched): what Chromium prints to PDF.
 */
import { buildCaseReport, type CaseReportDoc, type CaseReportInput, type CaseReportOptions, type ReportBlock, type ReportLang } from './case-report-doc.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const multiline = (s: string): string => esc(s).replace(/\r?\n/g, '<br>');

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; color: #1b1f24; font-size: 10.5pt; line-height: 1.6; max-width: 182mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; border-bottom: 1.5pt solid #1f5f8b; margin-top: 16pt; break-after: avoid; }
.marking { display: inline-block; padding: 1pt 6pt; font-weight: bold; background: #000; color: #ffc000; }
.headline { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 10pt; background: #f4f6f8; padding: 6pt 8pt; margin: 8pt 0; }
.headline dt { font-weight: bold; } .headline dd { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 4pt 0 8pt; break-inside: avoid; } dl.facts dt { color: #444; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 4pt 0 8pt; } th, td { border-bottom: 0.5pt solid #ccc; padding: 2pt 4pt; text-align: left; vertical-align: top; } td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
footer { margin-top: 18pt; color: #555; font-size: 8.5pt; border-top: 0.5pt solid #ccc; padding-top: 4pt; }
`;

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'text':
      return `<p>${multiline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${multiline(i)}</li>`).join('')}</ul>`;
    case 'facts':
      return `<dl class="facts">${b.rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${multiline(v)}</dd>`).join('')}</dl>`;
    case 'table': {
      const cls = (i: number): string => (b.numeric?.includes(i) ? ' class="num"' : '');
      return `<table><thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${multiline(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
    }
  }
}

/** A built report document as a print page. */
export function renderReportHtml(doc: CaseReportDoc): string {
  const body = [
    `<p><span class="marking">${esc(doc.marking)}</span></p>`,
    `<h1>${esc(doc.title)}</h1>`,
    `<dl class="headline">${doc.headline.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`,
    ...doc.sections.map((s) => `<section><h2>${esc(s.title)}</h2>\n${s.blocks.map(block).join('\n')}</section>`),
    `<footer>${esc(doc.footer)}</footer>`,
  ];
  return `<!doctype html><html lang="${doc.lang}"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${CSS}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}

/** The case's management report as a print page. */
export function caseReportHtml(input: CaseReportInput, lang: ReportLang, o: CaseReportOptions): string {
  return renderReportHtml(buildCaseReport(input, lang, o));
}
