/**
 * Observations, questions and incident rooms of the period: counts by category, questions asked and rooms
 * by severity, only items
 * shared with the whole community at a TLP the report may carry (CLEAR for public reports, CLEAR and
 * GREEN for members), contributed per author organisation (anonymous authors included, never named).
 */
import { OBSERVATION_CATEGORIES } from '../../../core/observations/model.ts';
import { MEMBER_STATUSES, ROOM_SEVERITIES } from '../../../core/observations/room.ts';
import type { Bilingual, TableInput } from '../../../core/reports/model.ts';
import type { ReportSectionSource, SectionRequest } from '../../../core/reports/section-source.ts';
import type { ActivityCount, ActivityTlp, ReportStore } from '../../../storage/reports/port.ts';
import { add, asRecord, emptyContributions, type PeriodContributions } from './contributions.ts';

const CATEGORY: Record<string, Bilingual> = {
  scanning: { ja: 'スキャン', en: 'Scanning' },
  'brute-force': { ja: '総当たり攻撃', en: 'Brute force' },
  ddos: { ja: 'DDoS', en: 'DDoS' },
  phishing: { ja: 'フィッシング', en: 'Phishing' },
  malware: { ja: 'マルウェア', en: 'Malware' },
  'vulnerability-exploitation': { ja: '脆弱性の悪用', en: 'Vulnerability exploitation' },
  'data-leak': { ja: '情報漏えい', en: 'Data leak' },
  other: { ja: 'その他', en: 'Other' },
};
const OUTCOME: Record<string, Bilingual> = {
  'not-affected': { ja: '影響なし', en: 'Not affected' },
  investigating: { ja: '調査中', en: 'Investigating' },
  affected: { ja: '影響あり', en: 'Affected' },
  contained: { ja: '封じ込め済み', en: 'Contained' },
  recovered: { ja: '復旧済み', en: 'Recovered' },
};
const SEVERITY: Record<string, Bilingual> = { low: { ja: '低', en: 'Low' }, medium: { ja: '中', en: 'Medium' }, high: { ja: '高', en: 'High' }, critical: { ja: '緊急', en: 'Critical' } };

/** The TLPs a report of this audience may count. */
export const reportTlps = (audience: SectionRequest['audience']): ActivityTlp[] => (audience === 'public' ? ['clear'] : ['clear', 'green']);

function table(id: string, title: Bilingual, keys: readonly string[], labels: Record<string, Bilingual>, per: ActivityCount[][], rule: Bilingual): TableInput {
  const acc: PeriodContributions = emptyContributions(per.length);
  per.forEach((rows, i) => rows.forEach((r) => add(acc, i, r.category, r.contributor, r.n)));
  return {
    id,
    title,
    unit: { ja: '件', en: 'items' },
    countingRule: rule,
    rows: keys.map((key) => ({ key, label: labels[key] ?? { ja: key, en: key }, contributions: asRecord(acc[0]!.get(key)), history: per.slice(1).map((_, i) => asRecord(acc[i + 1]!.get(key))) })),
    total: { ja: '合計', en: 'Total' },
    chart: true,
  };
}

/** Builds the observations-and-rooms section source. */
export function observationsSource(store: ReportStore): ReportSectionSource {
  return {
    id: 'observations',
    async build(req) {
      const tlps = reportTlps(req.audience);
      // The previous period only: enough for the change, and these counts are small.
      const periods = [req.period, ...req.history.slice(0, 1)];
      const obs = await Promise.all(periods.map((p) => store.observationActivity(p.from * 1000, p.to * 1000, tlps)));
      const rooms = await Promise.all(periods.map((p) => store.roomActivity(p.from * 1000, p.to * 1000, tlps)));
      const outcomes = await Promise.all(periods.map((p) => store.roomOutcomes(p.from * 1000, p.to * 1000, tlps)));
      const questions = await Promise.all(periods.map((p) => store.questionActivity(p.from * 1000, p.to * 1000, tlps)));
      const contributors = new Set([...obs[0]!, ...rooms[0]!, ...questions[0]!, ...outcomes[0]!].map((r) => r.contributor));
      const tlpText = req.audience === 'public' ? 'TLP:CLEAR' : 'TLP:CLEAR / TLP:GREEN';
      const rule = (what: Bilingual): Bilingual => ({ ja: `${what.ja}（全会員向けに${tlpText}で共有されたもののみ、1件ずつ計数）`, en: `${what.en} (only items shared with all members at ${tlpText}, each counted once)` });
      const tables = [
        table('observations-by-category', { ja: '共有された気付き（分類別）', en: 'Observations shared, by category' }, OBSERVATION_CATEGORIES, CATEGORY, obs, rule({ ja: '期間内に作成された気付きの件数', en: 'observations created in the period' })),
        { ...table('questions', { ja: 'コミュニティへの質問', en: 'Community questions' }, ['asked'], { asked: { ja: '質問数', en: 'Questions asked' } }, questions, rule({ ja: '期間内に投稿された質問の件数', en: 'questions asked in the period' })), total: undefined, chart: false },
        table('rooms-by-severity', { ja: '開設されたインシデントルーム（深刻度別）', en: 'Incident rooms opened, by severity' }, ROOM_SEVERITIES, SEVERITY, rooms, rule({ ja: '期間内に開設されたルームの件数', en: 'rooms opened in the period' })),
        table('room-outcomes', { ja: '終了したルームの結果（会員の最終状況）', en: 'Outcome of the rooms closed (members’ final status)' }, MEMBER_STATUSES, OUTCOME, outcomes, rule({ ja: '期間内に終了したルームにおける会員ごとの最終状況の件数', en: 'members’ last status in each room closed in the period' })),
      ];
      return {
        kind: 'observations',
        id: 'observations',
        title: { ja: '気付き・質問・インシデントルーム', en: 'Observations, questions and incident rooms' },
        paragraphs: [{ ja: '会員が共有した気付き、コミュニティへの質問、広域インシデント対応のために開設されたルームの件数です。内容や参加組織は掲載しません。', en: 'Counts of observations members shared, of questions put to the community and of rooms opened to coordinate wide-area incidents; neither their contents nor the organisations taking part are shown.' }],
        tables,
        basis: { members: contributors.size, sensors: null },
      };
    },
  };
}
