/**
 * A report version as one self-contained HTML page (inline CSS, SVG charts, no script): the same
 * document is served to readers and printed to PDF. Every table carries its methodology, both citation
 * lines and the permalinks of its CSV and JSON.
 */
import type { ReportContent, ReportFigure, ReportTable } from '../../../core/reports/model.ts';
import { formatCount } from '../../../core/reports/sentences.ts';
import type { ReportSummaryWire } from '../../../contracts/reports/reports-api.ts';
import { tableChartSvg } from './chart-svg.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Where the data behind a table lives: stable across versions (a correction keeps its citation ids). */
export const dataPermalink = (citationId: string, ext: 'csv' | 'json'): string => `/api/v1/reports/data/${citationId}.${ext}`;

const T = {
  ja: { figure: '数値', value: '当期', previous: '前期', change: '前期比', withheld: '非公表', withheldNote: '非公表の数値はグラフに含めていません。', basis: '集計対象', members: (n: number) => `会員${n}社`, sensors: (n: number) => `センサー${n}台`, counting: '計数方法', method: '手法', caveats: '注意', licence: 'ライセンス', data: 'データ', version: '版', published: '公表', draft: '下書き（未公表）', changes: '修正内容', generated: '作成' },
  en: { figure: 'Figure', value: 'This period', previous: 'Previous', change: 'Change', withheld: 'withheld', withheldNote: 'Withheld figures are not drawn.', basis: 'Basis', members: (n: number) => `${n} member${n === 1 ? '' : 's'}`, sensors: (n: number) => `${n} sensor${n === 1 ? '' : 's'}`, counting: 'Counting', method: 'Method', caveats: 'Caveats', licence: 'Licence', data: 'Data', version: 'version', published: 'published', draft: 'Draft (not published)', changes: 'Changes', generated: 'generated' },
};

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; color: #1b1f24; font-size: 10.5pt; line-height: 1.6; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; border-bottom: 1.5pt solid #1f5f8b; margin-top: 18pt; } h3 { font-size: 11pt; margin: 12pt 0 4pt; }
.tlp { display: inline-block; padding: 1pt 6pt; font-weight: bold; background: #000; }
.tlp-CLEAR { color: #fff; } .tlp-GREEN { color: #33ff00; }
.meta { color: #555; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } th, td { border-bottom: 0.5pt solid #ccc; padding: 2pt 4pt; text-align: right; } th:first-child, td:first-child { text-align: left; }
tr.total td { font-weight: bold; border-top: 1pt solid #555; }
.figure-block { break-inside: avoid; }
.methodology { font-size: 8.5pt; color: #444; background: #f4f6f8; padding: 4pt 6pt; margin-top: 4pt; }
.citation { font-weight: bold; color: #1b1f24; }
.chart svg { max-width: 100%; height: auto; }
`;

function figureRow(f: ReportFigure, t: typeof T.ja, total = false): string {
  const v = f.status === 'published' ? formatCount(f.value!) : t.withheld;
  const p = f.previous ? (f.previous.status === 'published' ? formatCount(f.previous.value!) : t.withheld) : '—';
  const c = f.changePercent === null ? '—' : `${f.changePercent > 0 ? '+' : ''}${f.changePercent.toFixed(1)}%`;
  return `<tr${total ? ' class="total"' : ''} data-citation="${esc(f.citationId)}"><td>${esc(f.label)}</td><td>${v}</td><td>${p}</td><td>${c}</td></tr>`;
}

function tableHtml(tb: ReportTable, lang: 'ja' | 'en'): string {
  const t = T[lang];
  const m = tb.methodology;
  const svg = tb.chart ? tableChartSvg(tb, lang) : null;
  const anyWithheld = tb.rows.some((r) => r.status !== 'published');
  const basis = [t.members(m.members), ...(m.sensors === null ? [] : [t.sensors(m.sensors)])].join(lang === 'ja' ? '・' : ', ');
  return `<div class="figure-block" id="${esc(tb.citationId)}">
<h3>${esc(tb.title)}${lang === 'ja' ? `（${esc(tb.unit)}）` : ` (${esc(tb.unit)})`}</h3>
${svg ? `<div class="chart">${svg}</div>${anyWithheld ? `<p class="meta">${t.withheldNote}</p>` : ''}` : ''}
<table><thead><tr><th>${t.figure}</th><th>${t.value}</th><th>${t.previous}</th><th>${t.change}</th></tr></thead><tbody>
${tb.rows.map((r) => figureRow(r, t)).join('\n')}
${tb.total ? figureRow(tb.total, t, true) : ''}
</tbody></table>
<div class="methodology">
<div class="citation">${esc(m.citation.ja)}</div>
<div class="citation">${esc(m.citation.en)}</div>
<div>${t.basis}: ${esc(m.period)}${lang === 'ja' ? '、' : ', '}${esc(basis)} — ${t.counting}: ${esc(m.countingRule)}</div>
<div>${t.method} (${esc(m.methodVersion)}): ${esc(m.method)}</div>
${m.caveats.map((c) => `<div>${t.caveats}: ${esc(c)}</div>`).join('')}
<div>${t.licence}: ${esc(m.licence)} — ${t.data}: <a href="${dataPermalink(tb.citationId, 'csv')}">${dataPermalink(tb.citationId, 'csv')}</a> · <a href="${dataPermalink(tb.citationId, 'json')}">JSON</a></div>
</div></div>`;
}

/** The whole page of a report version. */
export function reportHtml(summary: ReportSummaryWire, c: ReportContent): string {
  const lang = c.lang;
  const t = T[lang];
  const state = summary.state === 'published' ? `${t.version} ${summary.version} · ${t.published} ${new Date(summary.publishedAt!).toISOString().slice(0, 10)}` : t.draft;
  const changes = summary.changeNote ? `<p class="meta"><strong>${t.changes}:</strong><br>${esc(summary.changeNote).replace(/\n/g, '<br>')}</p>` : '';
  const sections = c.sections
    .filter((s) => !s.removed)
    .map((s) => `<section id="section-${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${s.tables.map((tb) => tableHtml(tb, lang)).join('')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(c.title)}</title><style>${CSS}</style></head>
<body>
<header><span class="tlp tlp-${c.tlp}">TLP:${c.tlp}</span>
<h1>${esc(c.title)}</h1>
<p class="meta">${esc(c.issuer)} · ${esc(c.period.label)} · ${state} · ${t.generated} ${esc(c.generatedAt.slice(0, 10))}</p>
${changes}</header>
${sections}
<footer class="methodology"><div>${t.method}: ${esc(c.methodology)}</div><div>${t.licence}: ${esc(c.licence)}</div></footer>
</body></html>
`;
}
