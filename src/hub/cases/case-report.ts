/**
 * The management report of a case, in Markdown or HTML, Japanese or English: summary, timeline, triage
 * counts, the damage estimate with its inputs and formula (exact yen, with 万/億 units), actions and findings.
 * It stays inside the org (the export path goes through the same org-scoped service).
 */
import type { CaseRecord, CaseTask, TimelineEvent } from '../../core/cases/case-model.ts';
import { currentRevision, planTasks, type SoapNote } from '../../core/cases/soap.ts';
import { TRIAGE_DEFINITIONS, TRIAGE_TAGS } from '../../core/cases/triage.ts';
import { describeEstimate } from '../../core/damage/describe.ts';
import type { DamageEstimate } from '../../core/damage/estimate.ts';
import { formatYen, formatYenPlain } from '../../core/damage/format-yen.ts';
import type { TriageCounts } from '../../core/damage/impact.ts';

export interface ReportInput {
  case: CaseRecord;
  tasks: CaseTask[];
  timeline: TimelineEvent[];
  counts: TriageCounts;
  notes: SoapNote[];
  estimate: DamageEstimate;
}

const L = {
  ja: {
    report: 'インシデント報告', summary: '概要', state: '状態', outcome: '結果', severity: '重大度', opened: '起票', closed: '終了', timeline: 'タイムライン',
    triage: 'トリアージ（ホスト数）', tag: 'タグ', hosts: '台数', untriaged: '未トリアージ', damage: '暫定被害額', incomplete: '入力が不足しています', actions: '対応',
    findings: '分析結果と教訓', none: '（なし）', when: '日時', what: '事象', source: '情報源', exact: '時間あたり売上高は丸めずに掛け合わせています（講演の2億2,492万8,000円は1,562万円に丸めた値から計算したもの）。',
  },
  en: {
    report: 'Incident report', summary: 'Summary', state: 'State', outcome: 'Outcome', severity: 'Severity', opened: 'Opened', closed: 'Closed', timeline: 'Timeline',
    triage: 'Triage (hosts)', tag: 'Tag', hosts: 'Hosts', untriaged: 'not yet triaged', damage: 'Provisional damage', incomplete: 'Inputs missing', actions: 'Actions',
    findings: 'Findings and lessons learned', none: '(none)', when: 'When', what: 'What', source: 'Source', exact: 'The hourly figure is not rounded before multiplying (rounding it to ¥15.62 million first, as slides often do, understates the damage).',
  },
} as const;

const STATE = {
  ja: { new: '新規', in_progress: '対応中', contained: '封じ込め済み', recovered: '復旧済み', closed: '終了' },
  en: { new: 'new', in_progress: 'in progress', contained: 'contained', recovered: 'recovered', closed: 'closed' },
} as const;
const OUTCOME = {
  ja: { true_positive_with_impact: '真陽性（影響あり）', true_positive_without_impact: '真陽性（影響なし）', false_positive: '誤検知', indeterminate: '判定不能' },
  en: { true_positive_with_impact: 'true positive with impact', true_positive_without_impact: 'true positive without impact', false_positive: 'false positive', indeterminate: 'indeterminate' },
} as const;

interface Section {
  title: string;
  paragraphs?: string[];
  table?: { head: string[]; rows: string[][] };
  list?: string[];
}

function sections(r: ReportInput, lang: 'ja' | 'en', time: (ms: number) => string): Section[] {
  const l = L[lang];
  const c = r.case;
  const meta = [
    `${l.state}: ${STATE[lang][c.state]}${c.outcome ? ` — ${l.outcome}: ${OUTCOME[lang][c.outcome]}` : ''}`,
    `${l.severity}: ${c.severity} · TLP:${c.tlp.toUpperCase()} · PAP:${c.pap.toUpperCase()}`,
    `${l.opened}: ${time(c.createdAt)}${c.closedAt ? ` · ${l.closed}: ${time(c.closedAt)}` : ''}`,
  ];
  const e = r.estimate;
  const d = describeEstimate(e, lang);
  const damage =
    e.status === 'complete' && d
      ? [`**${lang === 'ja' ? formatYen(e.damage.yen, 'ja') : formatYen(e.damage.yen, 'en')}** (${formatYenPlain(e.damage.yen)})`, d.revenuePerHour, d.damage, l.exact]
      : [`${l.incomplete}: ${e.status === 'incomplete' ? e.missing.map((m) => `${m.field} (${m.problem})`).join(', ') : ''}`];
  const plans = r.notes.flatMap((n) => planTasks(currentRevision(n).plan));
  const findings = r.notes.map((n) => currentRevision(n).assessment.trim()).filter((a) => a !== '');
  const fromTasks = r.tasks.map((t) => `[${t.state === 'done' ? 'x' : ' '}] ${t.title}`);
  return [
    { title: l.summary, paragraphs: [...meta, ...(c.description.trim() ? [c.description.trim()] : [])] },
    { title: l.timeline, table: { head: [l.when, l.what, l.source], rows: r.timeline.map((t) => [t.occurredAt, t.what, t.source]) } },
    {
      title: l.triage,
      table: {
        head: [l.tag, l.hosts],
        rows: [...TRIAGE_TAGS.map((t) => [`${t} (${TRIAGE_DEFINITIONS[t].category}) — ${TRIAGE_DEFINITIONS[t].definition[lang]}`, String(r.counts[t])]), [l.untriaged, String(r.counts.untriaged)]],
      },
    },
    { title: l.damage, paragraphs: damage },
    { title: l.actions, list: fromTasks.length + plans.length ? [...fromTasks, ...plans.filter((p) => !r.tasks.some((t) => t.title === p)).map((p) => `[ ] ${p}`)] : [l.none] },
    { title: l.findings, list: findings.length ? findings : [l.none] },
  ];
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The report as Markdown. */
export function reportMarkdown(r: ReportInput, lang: 'ja' | 'en', time: (ms: number) => string): string {
  const out = [`# ${L[lang].report}: ${r.case.title}`, ''];
  for (const s of sections(r, lang, time)) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs ?? []) out.push(p, '');
    if (s.table) {
      out.push(`| ${s.table.head.join(' | ')} |`, `|${s.table.head.map(() => '---').join('|')}|`, ...s.table.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`), '');
    }
    if (s.list) out.push(...s.list.map((i) => `- ${i}`), '');
  }
  return out.join('\n');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (s: string): string => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

/** The report as a standalone HTML page (printable to PDF). */
export function reportHtml(r: ReportInput, lang: 'ja' | 'en', time: (ms: number) => string): string {
  const body: string[] = [`<h1>${esc(L[lang].report)}: ${esc(r.case.title)}</h1>`];
  for (const s of sections(r, lang, time)) {
    body.push(`<h2>${esc(s.title)}</h2>`);
    for (const p of s.paragraphs ?? []) body.push(`<p>${inline(p)}</p>`);
    if (s.table) body.push(`<table><thead><tr>${s.table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.table.rows.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    if (s.list) body.push(`<ul>${s.list.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`);
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(r.case.title)}</title><style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}</style></head><body>${body.join('\n')}</body></html>\n`;
}
