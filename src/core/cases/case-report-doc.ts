/**
 * The management report of a case as a small document model (headline figures, then sections of facts,
 * tables and lists), rendered to Markdown (`case-report.ts`) and to print HTML (`case-report-html.ts`) from
 * the same blocks so both say the same. It is the org's own report: host names and people appear.
 */
import { describeEstimate } from '../damage/describe.ts';
import type { DamageEstimate } from '../damage/estimate.ts';
import { formatYen, formatYenPlain, groupDigits } from '../damage/format-yen.ts';
import type { TriageCounts } from '../damage/impact.ts';
import { mul, ratio, toDecimalString } from '../damage/rational.ts';
import type { CaseRecord, CaseTask, TimelineEvent } from './case-model.ts';
import { currentRevision, planTasks, type SoapNote } from './soap.ts';
import { TRIAGE_DEFINITIONS, TRIAGE_TAGS, type CaseHost } from './triage.ts';
import { REPORT_LABELS as L, OUTCOME_LABELS, STATE_LABELS, TASK_STATE_LABELS, TLP_NOTE, type ReportLang } from './case-report-labels.ts';

export type { ReportLang } from './case-report-labels.ts';

/** Everything the report is built from: the case view, its notes and hosts, and who is who in the org. */
export interface CaseReportInput {
  case: CaseRecord;
  tasks: CaseTask[];
  timeline: TimelineEvent[];
  counts: TriageCounts;
  notes: SoapNote[];
  /** The head of the repair priority list, in order (`repairPriority`); the rest are counted from `counts`. */
  repairList: CaseHost[];
  estimate: DamageEstimate;
  /** Logins of the org's users by id (owners, authors). */
  users: Readonly<Record<number, string>>;
}

export interface CaseReportOptions {
  /** When the report is produced (epoch ms) and for whom. */
  generatedAt: number;
  generatedBy: string;
  /** Offset of the zone the case's own times are shown in, minutes east of UTC (540 = JST). */
  utcOffsetMinutes: number;
}

export type ReportBlock =
  | { kind: 'facts'; rows: Array<[string, string]> }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric?: number[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'text'; text: string };

export interface ReportSection {
  title: string;
  blocks: ReportBlock[];
}

export interface CaseReportDoc {
  lang: ReportLang;
  title: string;
  /** TLP marking and its meaning, shown first. */
  marking: string;
  /** Headline figures for the reader in a hurry. */
  headline: Array<[string, string]>;
  sections: ReportSection[];
  footer: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An instant in a fixed zone: 2026-12-01 09:30 (UTC+09:00). */
export function formatInstant(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} (UTC${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)})`;
}

/** A timeline time as the reporter gave it, zone kept: 2026-12-01T09:30:00+09:00 → 2026-12-01 09:30 (UTC+09:00). */
export function formatGivenTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]} (UTC${m[3]!.toUpperCase() === 'Z' ? '+00:00' : m[3]})`;
}

const count = (n: number): string => groupDigits(BigInt(n));
const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${toDecimalString(mul(ratio(BigInt(part), BigInt(whole)), ratio(100n)), 1)}%`);

/** Builds the report document in one language. */
export function buildCaseReport(r: CaseReportInput, lang: ReportLang, o: CaseReportOptions): CaseReportDoc {
  const l = L[lang];
  const c = r.case;
  const who = (id: number | null): string => (id === null ? l.nobody : (r.users[id] ?? `#${id}`));
  const at = (ms: number): string => formatInstant(ms, o.utcOffsetMinutes);
  const yen = (v: bigint): string => (lang === 'ja' ? `${formatYen(v, 'ja')}（${formatYenPlain(v)}）` : `${formatYen(v, 'en')} (${formatYenPlain(v)})`);
  const n = r.counts;
  const total = n.black + n.red + n.yellow + n.green + n.untriaged;
  const affected = n.black + n.red + n.yellow;
  const e = r.estimate;

  const damageLine = e.status === 'complete' ? yen(e.damage.yen) : l.incomplete;
  const headline: Array<[string, string]> = [
    [l.state, `${STATE_LABELS[lang][c.state]}${c.outcome ? ` — ${OUTCOME_LABELS[lang][c.outcome]}` : ''}`],
    [l.damage, damageLine],
    [l.affectedHosts, l.affectedOf(count(affected), count(total), percent(affected, total))],
    ...(e.status === 'complete' ? ([[l.downtime, l.hours(toDecimalString(e.inputs.downtimeHours, 2))]] as Array<[string, string]>) : []),
    [l.openTasks, count(r.tasks.filter((t) => t.state === 'open' || t.state === 'in_progress').length)],
  ];

  const summary: ReportSection = {
    title: l.summary,
    blocks: [
      {
        kind: 'facts',
        rows: [
          [l.caseNo, `#${c.id}`],
          [l.severity, l.severityName[c.severity]],
          ['TLP / PAP', `TLP:${c.tlp.toUpperCase()} / PAP:${c.pap.toUpperCase()}`],
          [l.owner, who(c.ownerUserId)],
          [l.opened, at(c.createdAt)],
          [l.updated, at(c.updatedAt)],
          ...(c.closedAt !== null ? ([[l.closed, at(c.closedAt)]] as Array<[string, string]>) : []),
          ...(c.malwareFamilies.length ? ([[l.malware, c.malwareFamilies.join(', ')]] as Array<[string, string]>) : []),
        ],
      },
      ...(c.description.trim() ? [{ kind: 'text' as const, text: c.description.trim() }] : []),
    ],
  };

  const timeline: ReportSection = {
    title: l.timeline,
    blocks: r.timeline.length
      ? [
          {
            kind: 'table',
            head: [l.when, l.what, l.source],
            rows: r.timeline
              .slice()
              .sort((a, b) => a.occurredAtMs - b.occurredAtMs || a.id - b.id)
              .map((t) => [formatGivenTime(t.occurredAt), `${t.outage ? `[${l.outage[t.outage]}] ` : ''}${t.what}`, t.source]),
          },
        ]
      : [{ kind: 'text', text: l.none }],
  };

  const priority = r.repairList;
  const inRepair = n.black + n.red + n.yellow + n.green;
  const triage: ReportSection = {
    title: l.triage,
    blocks: [
      {
        kind: 'table',
        head: [l.tag, l.definition, l.hostCount, l.share],
        numeric: [2, 3],
        rows: [
          ...TRIAGE_TAGS.map((t) => [`${l.tagName[t]} (${TRIAGE_DEFINITIONS[t].category})`, TRIAGE_DEFINITIONS[t].definition[lang], count(n[t]), percent(n[t], total)]),
          [l.untriaged, '—', count(n.untriaged), percent(n.untriaged, total)],
          [l.total, '', count(total), total ? '100%' : '—'],
        ],
      },
      ...(priority.length
        ? [
            { kind: 'text' as const, text: l.repairIntro },
            {
              kind: 'table' as const,
              head: ['#', l.host, l.tag, 'OS', l.hostOwner],
              numeric: [0],
              rows: priority.map((h, i) => [String(i + 1), h.name, l.tagName[h.tag as keyof typeof l.tagName], h.os ?? '—', h.owner ?? '—']),
            },
            ...(inRepair > priority.length ? [{ kind: 'text' as const, text: l.more(count(inRepair - priority.length)) }] : []),
          ]
        : []),
    ],
  };

  const damage: ReportSection = { title: l.damage, blocks: damageBlocks(r, lang) };

  const tasks: ReportSection = {
    title: l.actions,
    blocks: r.tasks.length
      ? [
          {
            kind: 'table',
            head: [l.task, l.taskState, l.owner, l.due],
            rows: r.tasks.map((t) => [t.title, TASK_STATE_LABELS[lang][t.state], who(t.ownerUserId), t.dueAt === null ? '—' : at(t.dueAt)]),
          },
        ]
      : [{ kind: 'text', text: l.none }],
  };
  const taskTitles = new Set(r.tasks.map((t) => t.title));
  const pendingPlans = r.notes.flatMap((x) => planTasks(currentRevision(x).plan)).filter((p) => !taskTitles.has(p));
  if (pendingPlans.length) tasks.blocks.push({ kind: 'text', text: l.plannedNotTasks }, { kind: 'list', items: pendingPlans });

  const findings = r.notes.map((x) => currentRevision(x).assessment.trim()).filter((a) => a !== '');
  const lessons: ReportSection = { title: l.findings, blocks: [{ kind: 'list', items: findings.length ? findings : [l.none] }] };

  const journal: ReportSection = {
    title: l.journal,
    blocks: r.notes.length
      ? r.notes.flatMap((x): ReportBlock[] => {
          const v = currentRevision(x);
          const rows: Array<[string, string]> = [
            [l.noteHead, `#${x.id} — ${at(v.at)} — ${v.authorLogin}${v.revision > 1 ? ` (${l.revision(v.revision)})` : ''}`],
            ['S', v.subjective.trim() || '—'],
            ['O', v.objective.trim() || '—'],
            ...(v.attachments.length ? ([[l.files, v.attachments.map((a) => `${a.name} (SHA-256 ${a.sha256})`).join('; ')]] as Array<[string, string]>) : []),
            ['A', v.assessment.trim() || '—'],
            ['P', planTasks(v.plan).join(' / ') || '—'],
          ];
          return [{ kind: 'facts', rows }];
        })
      : [{ kind: 'text', text: l.none }],
  };

  return {
    lang,
    title: `${l.report}: ${c.title}`,
    marking: `TLP:${c.tlp.toUpperCase()} — ${TLP_NOTE[lang][c.tlp]}`,
    headline,
    sections: [summary, timeline, triage, damage, tasks, lessons, journal],
    footer: l.footer(at(o.generatedAt), o.generatedBy),
  };
}

function damageBlocks(r: CaseReportInput, lang: ReportLang): ReportBlock[] {
  const l = L[lang];
  const e = r.estimate;
  if (e.status !== 'complete') return [{ kind: 'text', text: l.incomplete }, { kind: 'list', items: e.missing.map((m) => `${l.field[m.field] ?? m.field}: ${l.problem[m.problem]}`) }];
  const i = e.inputs;
  const d = describeEstimate(e, lang)!;
  const yen = (v: bigint): string => (lang === 'ja' ? `${formatYen(v, 'ja')}（${formatYenPlain(v)}）` : `${formatYen(v, 'en')} (${formatYenPlain(v)})`);
  const s = r.case.damage;
  const impact =
    i.impact.affected !== undefined && i.impact.total !== undefined
      ? l.affectedOf(count(i.impact.affected), count(i.impact.total), `${toDecimalString(mul(i.impact.share, ratio(100n)), 2)}%`)
      : `${toDecimalString(mul(i.impact.share, ratio(100n)), 2)}%`;
  return [
    {
      kind: 'facts',
      rows: [
        [l.damage, yen(e.damage.yen)],
        [l.annualRevenue, yen(i.annualRevenueYen)],
        [l.businessDays, l.days(count(i.businessDays), toDecimalString(i.hoursPerDay, 2))],
        [l.revenuePerHour, yen(e.revenuePerHour.yen)],
        [l.downtime, `${l.hours(toDecimalString(i.downtimeHours, 2))} — ${s.downtimeHoursOverride !== null ? l.manual : l.fromTimeline}`],
        [l.impact, `${impact} — ${s.impactOverride !== null ? l.manual : l.fromTriage}`],
      ],
    },
    { kind: 'text', text: l.formula },
    { kind: 'list', items: [d.revenuePerHour, d.damage] },
    { kind: 'text', text: l.exactNote },
    ...(i.impact.untriaged ? [{ kind: 'text' as const, text: l.untriagedNote(count(i.impact.untriaged)) }] : []),
  ];
}
