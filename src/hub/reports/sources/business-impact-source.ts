/**
 * Business impact in money for executives: the provisional damage model (core/damage) on example
 * inputs the operator sets (a typical member, never a real one's figures), stated as an example.
 */
import { describeEstimate } from '../../../core/damage/describe.ts';
import { estimateDamage } from '../../../core/damage/estimate.ts';
import { formatYen } from '../../../core/damage/format-yen.ts';
import type { SectionInput } from '../../../core/reports/model.ts';
import type { ReportSectionSource } from '../../../core/reports/section-source.ts';
import type { ReportsConfig } from '../reports-config.ts';

/** Builds the business-impact section source; null without example inputs. */
export function businessImpactSource(example: ReportsConfig['damageExample']): ReportSectionSource {
  return {
    id: 'business-impact',
    async build(): Promise<SectionInput | null> {
      if (!example) return null;
      const e = estimateDamage({ annualRevenueYen: example.annualRevenueYen, businessDays: example.businessDays, downtime: { hours: example.downtimeHours }, impact: { source: 'manual_percent', percent: example.impactPercent } });
      if (e.status !== 'complete') return null;
      const ja = describeEstimate(e, 'ja')!;
      const en = describeEstimate(e, 'en')!;
      return {
        kind: 'business_impact',
        id: 'business-impact',
        title: { ja: '事業への影響（試算例）', en: 'Business impact (worked example)' },
        paragraphs: [
          {
            ja: `年間売上${formatYen(BigInt(example.annualRevenueYen), 'ja')}の組織で、業務の${example.impactPercent}%が${example.downtimeHours}時間停止した場合の損失は約${formatYen(e.damage.yen, 'ja')}と試算されます。`,
            en: `For an organisation with annual revenue of ${formatYen(BigInt(example.annualRevenueYen), 'en')}, an outage of ${example.downtimeHours} hours affecting ${example.impactPercent}% of its business would cost about ${formatYen(e.damage.yen, 'en')}.`,
          },
          { ja: `${ja.revenuePerHour} ${ja.damage}`, en: `${en.revenuePerHour} ${en.damage}` },
          { ja: '入力値はハブ運営者が設定した例であり、特定の会員の数値ではありません。暫定モデル（時間あたり売上×停止時間×影響率）による概算です。', en: "The inputs are an example set by the hub operator, not any member's figures; a provisional estimate (revenue per hour × downtime × impact)." },
        ],
        tables: [],
        basis: { members: 0, sensors: null },
      };
    },
  };
}
