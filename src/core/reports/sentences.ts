/** Quotable sentences about the largest deviations of a period against the median of earlier periods. */
import type { Deviation } from '../stats/baseline.ts';
import type { Bilingual } from './model.ts';
import type { PeriodKind } from './period.ts';

const KIND_EN: Record<PeriodKind, [string, string]> = { week: ['week', 'weeks'], month: ['month', 'months'], quarter: ['quarter', 'quarters'] };
const KIND_JA: Record<PeriodKind, string> = { week: '週', month: 'か月', quarter: '四半期' };

/** Whole numbers with thousands separators (no locale data needed). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const ratioText = (d: Deviation): string => (d.ratio === null ? '0.0' : d.ratio >= 10 ? d.ratio.toFixed(0) : d.ratio.toFixed(1));

/** One sentence per language for a row's deviation; `value` is the published figure of the period. */
export function periodDeviationSentence(subject: Bilingual, d: Deviation, ctx: { kind: PeriodKind; period: Bilingual; value: number; unit: Bilingual }): Bilingual {
  const n = d.weeks;
  const prevEn = `the previous ${n} ${KIND_EN[ctx.kind][n === 1 ? 0 : 1]}`;
  const prevJa = `過去${n}${KIND_JA[ctx.kind]}`;
  const valEn = `${formatCount(ctx.value)} ${ctx.unit.en} in ${ctx.period.en}`;
  const valJa = `${ctx.period.ja}は${formatCount(ctx.value)}${ctx.unit.ja}`;
  const r = ratioText(d);
  switch (d.level) {
    case 'new':
      return { en: `New activity ${subject.en}: ${valEn}, none in ${prevEn}.`, ja: `${subject.ja}新たな活動：${valJa}（${prevJa}は観測なし）。` };
    case 'large':
      return { en: `Large-scale activity ${subject.en}: ${r}× the median of ${prevEn} (${valEn}).`, ja: `${subject.ja}大規模な活動：${prevJa}の中央値の${r}倍（${valJa}）。` };
    case 'elevated':
      return { en: `Elevated but not large-scale activity ${subject.en}: ${r}× the median of ${prevEn} (${valEn}).`, ja: `${subject.ja}活動はやや増加（大規模ではない）：${prevJa}の中央値の${r}倍（${valJa}）。` };
    case 'low':
      return { en: `Lower activity ${subject.en}: ${r}× the median of ${prevEn} (${valEn}).`, ja: `${subject.ja}活動は減少：${prevJa}の中央値の${r}倍（${valJa}）。` };
    default:
      return { en: `No large-scale activity ${subject.en}: ${r}× the median of ${prevEn} (${valEn}).`, ja: `${subject.ja}大規模な活動は観測されていません：${prevJa}の中央値の${r}倍（${valJa}）。` };
  }
}
