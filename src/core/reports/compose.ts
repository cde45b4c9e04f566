/**
 * Turns section inputs (member contributions) into a report whose every figure is protected: one
 * `protectReport` pass per period over all tables of the report, so suppression is consistent across
 * tables and a figure has one value everywhere; earlier periods use their own seed, so a previous-period
 * figure equals the one that period's report published. Only protected figures reach the sentences.
 */
import { protectReport, type PublishedFigure, type TableInput as DisclosureTable } from '../disclosure/protect-report.ts';
import { methodologySentence } from '../disclosure/methodology.ts';
import { METHOD_VERSION, type DisclosureParams } from '../disclosure/params.ts';
import type { ReportSeed } from '../disclosure/keyed-noise.ts';
import { deviation, rankDeviations } from '../stats/baseline.ts';
import { RenkeiError } from '../errors.ts';
import { citationId, citationLine } from './citation.ts';
import { tlpOf, type Bilingual, type ReportAudience, type ReportContent, type ReportFigure, type ReportLang, type ReportSection, type ReportTable, type SectionInput, type TableInput } from './model.ts';
import { periodLabel, periodShort, type PeriodRange } from './period.ts';
import { periodDeviationSentence } from './sentences.ts';

export interface ComposeOptions {
  issuer: string;
  lang: ReportLang;
  audience: ReportAudience;
  period: PeriodRange;
  /** Earlier periods, most recent first, aligned with `RowInput.history`. */
  history: PeriodRange[];
  /** The secret seed of a period (by code); see core/disclosure's seed policy. */
  seedFor: (periodCode: string) => ReportSeed;
  params: DisclosureParams;
  licence: Bilingual;
  generatedAt: string;
  /** Most deviation sentences in the situation paragraph (default 3). */
  maxSentences?: number;
}

/** Scope caveat printed with every community figure (what the counts are not). */
export const SCOPE_CAVEAT: Bilingual = {
  ja: '数値は参加会員のセンサー・システムが観測し報告した範囲に限られ、国内やインターネット全体の攻撃件数を表すものではありません。',
  en: "Counts cover only what contributing members' sensors and systems observed and reported; they are not the number of attacks across Japan or the internet.",
};

const figureKey = (t: TableInput, rowKey: string, code: string): string => `${t.id}|${rowKey}|${code}`;
const totalKey = (t: TableInput, code: string): string => `${t.id}|#total|${code}`;

function checkUnique(inputs: SectionInput[]): void {
  const sections = new Set<string>();
  const tables = new Set<string>();
  for (const s of inputs) {
    if (sections.has(s.id)) throw new RenkeiError('validation_failed', `section ${s.id} appears twice`, { section: s.id });
    sections.add(s.id);
    for (const t of s.tables) {
      if (tables.has(t.id)) throw new RenkeiError('validation_failed', `table ${t.id} appears twice`, { table: t.id });
      tables.add(t.id);
    }
  }
}

/** Protects every table for one period (index 0 = the report's period, i ≥ 1 = history[i − 1]). */
function protectPeriod(tables: TableInput[], i: number, code: string, o: ComposeOptions): Map<string, PublishedFigure> {
  const input: DisclosureTable[] = tables.map((t) => ({
    id: t.id,
    cells: t.rows.map((r) => ({ key: figureKey(t, r.key, code), contributions: i === 0 ? r.contributions : (r.history?.[i - 1] ?? {}) })),
    ...(t.total ? { totalKey: totalKey(t, code) } : {}),
  }));
  const out = new Map<string, PublishedFigure>();
  for (const pt of protectReport(input, { seed: o.seedFor(code), params: o.params })) {
    for (const c of pt.cells) out.set(c.key, c);
    if (pt.total) out.set(pt.total.key, pt.total);
  }
  return out;
}

function change(cur: PublishedFigure, prev: PublishedFigure | undefined): number | null {
  if (!prev || cur.status !== 'published' || prev.status !== 'published' || !prev.value) return null;
  return Math.round(((cur.value! - prev.value) / prev.value) * 1000) / 10;
}

/** Builds the protected report content from the section inputs of one period. */
export function composeReport(inputs: SectionInput[], o: ComposeOptions): ReportContent {
  checkUnique(inputs);
  const lang = o.lang;
  const allTables = inputs.flatMap((s) => s.tables);
  const codes = [o.period.code, ...o.history.map((h) => h.code)];
  const periods = codes.map((code, i) => protectPeriod(allTables, i, code, o));
  const hasHistory = (t: TableInput) => t.rows.some((r) => (r.history?.length ?? 0) > 0);
  const method = methodologySentence(o.params, lang);
  const periodText: Bilingual = { ja: periodShort(o.period, 'ja'), en: periodShort(o.period, 'en') };
  const candidates: Array<{ sentence: Bilingual; deviation: ReturnType<typeof deviation> }> = [];

  const buildTable = (s: SectionInput, t: TableInput): ReportTable => {
    const fig = (label: Bilingual, cid: string, k: (code: string) => string): ReportFigure => {
      const cur = periods[0]!.get(k(codes[0]!))!;
      const prev = codes.length > 1 && hasHistory(t) ? periods[1]!.get(k(codes[1]!)) : undefined;
      return { citationId: cid, label: label[lang], status: cur.status, value: cur.value, previous: prev ? { status: prev.status, value: prev.value } : null, changePercent: change(cur, prev) };
    };
    const rows = t.rows.map((r) => {
      const f = fig(r.label, citationId(o.period, o.audience, t.id, r.key), (code) => figureKey(t, r.key, code));
      // Only rows with a subject make sentences (an "other" row has none).
      if (t.deviations && r.subject && f.status === 'published' && r.history) {
        const hist = r.history.map((_, i) => periods[i + 1]?.get(figureKey(t, r.key, codes[i + 1]!)));
        if (hist.every((h) => h?.status === 'published')) {
          const d = deviation(f.value!, hist.map((h) => h!.value!));
          if (d.level !== 'no_baseline') candidates.push({ deviation: d, sentence: periodDeviationSentence(r.subject, d, { kind: o.period.kind, period: periodText, value: f.value!, unit: t.unit }) });
        }
      }
      return f;
    });
    const total = t.total ? fig(t.total, citationId(o.period, o.audience, t.id, 'total'), (code) => totalKey(t, code)) : null;
    return {
      id: t.id,
      citationId: citationId(o.period, o.audience, t.id),
      title: t.title[lang],
      unit: t.unit[lang],
      rows,
      total,
      chart: t.chart ?? false,
      methodology: {
        issuer: o.issuer,
        period: periodLabel(o.period, lang),
        members: s.basis.members,
        sensors: s.basis.sensors,
        countingRule: t.countingRule[lang],
        method,
        methodVersion: METHOD_VERSION,
        caveats: [...(t.caveat ? [t.caveat[lang]] : []), SCOPE_CAVEAT[lang]],
        licence: o.licence[lang],
        citation: citationLine(o.issuer, o.period, s.basis.members, s.basis.sensors),
      },
    };
  };

  const sections: ReportSection[] = inputs.map((s) => ({ id: s.id, kind: s.kind, title: s.title[lang], paragraphs: s.paragraphs.map((p) => p[lang]), tables: s.tables.map((t) => buildTable(s, t)), removed: false, edited: false }));

  // The situation paragraph quotes the largest deviations (only ones a reader would act on, else the top one).
  const ranked = rankDeviations(candidates);
  const notable = ranked.filter((c) => c.deviation.level === 'large' || c.deviation.level === 'new' || c.deviation.level === 'elevated');
  const quoted = (notable.length > 0 ? notable : ranked.slice(0, 1)).slice(0, o.maxSentences ?? 3).map((c) => c.sentence[lang]);
  const situation = sections.find((s) => s.kind === 'situation');
  if (situation) situation.paragraphs = [[...situation.paragraphs, ...quoted].join(lang === 'ja' ? '' : ' ')].filter((p) => p.length > 0);

  const title = lang === 'ja' ? `${o.issuer} 脅威動向レポート ${periodShort(o.period, 'ja')}` : `${o.issuer} threat report, ${periodShort(o.period, 'en')}`;
  return {
    title,
    issuer: o.issuer,
    lang,
    audience: o.audience,
    tlp: tlpOf(o.audience),
    period: { ...o.period, label: periodLabel(o.period, lang) },
    generatedAt: o.generatedAt,
    params: o.params,
    methodology: method,
    licence: o.licence[lang],
    sections,
  };
}
