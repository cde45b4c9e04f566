/** Abuse notifications to ISPs in the period: addresses reported, by category, contributed per receiving member. */
import type { RowInput, SectionInput } from '../../../core/reports/model.ts';
import type { ReportSectionSource } from '../../../core/reports/section-source.ts';
import type { ReportStore } from '../../../storage/reports/port.ts';
import { add, asRecord, emptyContributions } from './contributions.ts';

/** Builds the notifications section source; null when nothing was reported in the period. */
export function notificationsSource(store: ReportStore): ReportSectionSource {
  return {
    id: 'notifications',
    async build(req): Promise<SectionInput | null> {
      const periods = [req.period, ...req.history.slice(0, 1)];
      const per = await Promise.all(periods.map((p) => store.notificationActivity(p.from * 1000, p.to * 1000)));
      if (per[0]!.length === 0) return null;
      const acc = emptyContributions(periods.length);
      per.forEach((rows, i) => rows.forEach((r) => add(acc, i, r.category, r.contributor, r.n)));
      const categories = [...new Set(per[0]!.map((r) => r.category))].sort();
      const rows: RowInput[] = categories.map((c) => ({ key: c, label: { ja: c, en: c }, contributions: asRecord(acc[0]!.get(c)), history: per.slice(1).map((_, i) => asRecord(acc[i + 1]!.get(c))) }));
      return {
        kind: 'notifications',
        id: 'notifications',
        title: { ja: 'ISPへの通知', en: 'Notifications to ISPs' },
        paragraphs: [{ ja: '登録されたアドレス空間の所有会員（ISP）に通知した、悪用が報告されたアドレスの件数です。', en: 'Addresses reported for abuse and notified to the members (ISPs) owning the registered address space.' }],
        tables: [
          {
            id: 'notifications-by-category',
            title: { ja: '通知（分類別）', en: 'Notifications by category' },
            unit: { ja: '件', en: 'addresses' },
            countingRule: { ja: '期間内に初めて報告されたアドレス×分類×集約期間を1件と計数', en: 'one per address, category and dedup window first reported in the period' },
            rows,
            total: { ja: '合計', en: 'Total' },
            chart: true,
          },
        ],
        basis: { members: new Set(per[0]!.map((r) => r.contributor)).size, sensors: null },
      };
    },
  };
}
