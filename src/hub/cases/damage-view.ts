/** The damage estimate as JSON: bigints as decimal strings, with the formula lines and unit-style figures. */
import { describeEstimate } from '../../core/damage/describe.ts';
import type { DamageEstimate } from '../../core/damage/estimate.ts';
import { formatYen, formatYenPlain } from '../../core/damage/format-yen.ts';
import type { Rational } from '../../core/damage/rational.ts';

const rat = (r: Rational) => ({ n: r.n.toString(), d: r.d.toString() });

/** The wire view of an estimate. */
export function damageView(e: DamageEstimate) {
  if (e.status === 'incomplete') return { status: 'incomplete' as const, missing: e.missing };
  const money = (m: { yen: bigint; exact: Rational; isExact: boolean }) => ({ yen: m.yen.toString(), exact: rat(m.exact), isExact: m.isExact, ja: formatYen(m.yen, 'ja'), en: formatYen(m.yen, 'en'), plain: formatYenPlain(m.yen) });
  const i = e.inputs;
  return {
    status: 'complete' as const,
    revenuePerHour: money(e.revenuePerHour),
    damage: money(e.damage),
    inputs: {
      annualRevenueYen: i.annualRevenueYen.toString(),
      businessDays: i.businessDays,
      hoursPerDay: rat(i.hoursPerDay),
      downtimeHours: rat(i.downtimeHours),
      impact: { ...i.impact, share: rat(i.impact.share) },
    },
    formula: { ja: describeEstimate(e, 'ja')!, en: describeEstimate(e, 'en')! },
  };
}
export type DamageView = ReturnType<typeof damageView>;
