/**
 * Cross-search activity of the period: searches, values searched and values that hit at least one
 * member, contributed per searching organisation. Never a value: the store returns counts only.
 */
import type { SectionInput } from '../../../core/reports/model.ts';
import type { ReportSectionSource } from '../../../core/reports/section-source.ts';
import type { ReportStore, SearchActivityRow } from '../../../storage/reports/port.ts';

const per = (rows: SearchActivityRow[], f: (r: SearchActivityRow) => number): Record<string, number> => Object.fromEntries(rows.map((r) => [r.org, f(r)]));

/** Builds the search-activity section source. */
export function searchActivitySource(store: ReportStore): ReportSectionSource {
  return {
    id: 'search-activity',
    async build(req): Promise<SectionInput | null> {
      const periods = [req.period, ...req.history.slice(0, 1)];
      const act = await Promise.all(periods.map((p) => store.searchActivity(p.from * 1000, p.to * 1000)));
      const row = (key: string, label: { ja: string; en: string }, f: (r: SearchActivityRow) => number) => ({ key, label, contributions: per(act[0]!, f), history: act.slice(1).map((a) => per(a, f)) });
      return {
        kind: 'search_activity',
        id: 'search-activity',
        title: { ja: '横断検索の利用状況', en: 'Cross-search activity' },
        paragraphs: [{ ja: '会員による横断検索の件数です。検索された値そのものは記録・掲載しません。', en: 'How members used the cross-search; the values searched are neither kept for this nor shown.' }],
        tables: [
          {
            id: 'search-activity',
            title: { ja: '横断検索', en: 'Cross-searches' },
            unit: { ja: '件', en: 'count' },
            countingRule: { ja: '完了（一部完了を含む）した検索とその値の数。ヒット値は1会員以上で一致した値', en: 'finished (or partly finished) searches and their values; a hit value matched at least one member' },
            rows: [
              row('searches', { ja: '検索回数', en: 'Searches' }, (r) => r.searches),
              row('values', { ja: '検索された値の数', en: 'Values searched' }, (r) => r.values),
              row('hit-values', { ja: 'ヒットした値の数', en: 'Values that hit a member' }, (r) => r.hitValues),
            ],
          },
        ],
        basis: { members: act[0]!.length, sensors: null },
      };
    },
  };
}
