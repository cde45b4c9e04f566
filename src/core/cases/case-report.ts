/**
 * The management report of a case as Markdown (ja or en): headline figures, summary, timeline, triage
 * counts and repair list, damage estimate with inputs and formula, actions, findings, SOAP notes.
 */
import { buildCaseReport, type CaseReportDoc, type CaseReportInput, type CaseReportOptions, type ReportBlock, type ReportLang } from './case-report-doc.ts';

const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const line = (s: string): string => s.replace(/\r?\n/g, ' ');

function block(b: ReportBlock): string[] {
  switch (b.kind) {
    case 'text':
      return [b.text, ''];
    case 'list':
      return [...b.items.map((i) => `- ${line(i)}`), ''];
    case 'facts':
      return [...b.rows.map(([k, v]) => `- **${k}**: ${line(v)}`), ''];
    case 'table': {
      const align = b.head.map((_, i) => (b.numeric?.includes(i) ? '---:' : '---'));
      return [`| ${b.head.map(cell).join(' | ')} |`, `|${align.join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
    }
  }
}

/** A built report document as Markdown. */
export function renderReportMarkdown(doc: CaseReportDoc): string {
  const out = [`# ${line(doc.title)}`, '', `**${doc.marking}**`, ''];
  out.push(...doc.headline.map(([k, v]) => `- **${k}**: ${v}`), '');
  for (const s of doc.sections) out.push(`## ${s.title}`, '', ...s.blocks.flatMap(block));
  out.push('---', '', doc.footer, '');
  return out.join('\n');
}

/** The case's management report as Markdown. */
export function caseReportMarkdown(input: CaseReportInput, lang: ReportLang, o: CaseReportOptions): string {
  return renderReportMarkdown(buildCaseReport(input, lang, o));
}
