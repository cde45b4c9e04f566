/** Plain-language sentences members can quote, in English and Japanese. */
import type { Deviation } from './baseline.ts';

/** What the sentence is about. */
export interface Subject {
  dimension: 'port' | 'signature' | 'country' | 'asn';
  key: string;
  label?: string | null;
}

function subjectEn(s: Subject): string {
  switch (s.dimension) {
    case 'country':
      return `from country ${s.key}`;
    case 'asn':
      return `from AS${s.key}${s.label ? ` (${s.label})` : ''}`;
    case 'port':
      return `on port ${s.key}`;
    case 'signature':
      return `matching signature ${s.key}${s.label ? ` (${s.label})` : ''}`;
  }
}

function subjectJa(s: Subject): string {
  switch (s.dimension) {
    case 'country':
      return `国 ${s.key} からの`;
    case 'asn':
      return `AS${s.key}${s.label ? `（${s.label}）` : ''} からの`;
    case 'port':
      return `ポート ${s.key} への`;
    case 'signature':
      return `シグネチャ ${s.key}${s.label ? `（${s.label}）` : ''} に該当する`;
  }
}

const fmt = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/** One sentence per language, e.g. "No large-scale activity from country CN observed: 0.9× the usual level". */
export function deviationSentence(s: Subject, d: Deviation, context: { hour: string; sensors: number }): { en: string; ja: string } {
  const ratio = d.ratio === null ? null : fmt(d.ratio);
  const basis = `${context.hour.slice(0, 13).replace('T', ' ')}:00 UTC, ${context.sensors} sensor${context.sensors === 1 ? '' : 's'}, baseline = median of the same hour over the previous ${d.weeks} week${d.weeks === 1 ? '' : 's'}`;
  const basisJa = `${context.hour.slice(0, 13).replace('T', ' ')}:00 UTC、センサー${context.sensors}台、基準 = 過去${d.weeks}週の同じ時間帯の中央値`;
  const en = subjectEn(s);
  const ja = subjectJa(s);
  switch (d.level) {
    case 'no_baseline':
      return {
        en: `Activity ${en} cannot be compared with a baseline yet: fewer than 2 previous weeks of data (${basis}).`,
        ja: `${ja}活動は、過去のデータが2週未満のため基準と比較できません（${basisJa}）。`,
      };
    case 'new':
      return {
        en: `New activity ${en} observed: ${fmt(d.current)} events per sensor where none was seen at this hour before (${basis}).`,
        ja: `${ja}新たな活動を観測：センサーあたり${fmt(d.current)}件（これまで同じ時間帯には観測なし）（${basisJa}）。`,
      };
    case 'large':
      return {
        en: `Large-scale activity ${en} observed: ${ratio}× the usual level (${basis}).`,
        ja: `${ja}大規模な活動を観測：通常の${ratio}倍（${basisJa}）。`,
      };
    case 'elevated':
      return {
        en: `Elevated but not large-scale activity ${en}: ${ratio ?? fmt(d.current)}× the usual level (${basis}).`,
        ja: `${ja}活動はやや増加（大規模ではない）：通常の${ratio ?? fmt(d.current)}倍（${basisJa}）。`,
      };
    default:
      return {
        en: `No large-scale activity ${en} observed: ${ratio ?? '0.0'}× the usual level (${basis}).`,
        ja: `${ja}大規模な活動は観測されていません：通常の${ratio ?? '0.0'}倍（${basisJa}）。`,
      };
  }
}
