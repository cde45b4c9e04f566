/**
 * The estimate as text with its inputs and formula, in Japanese or English, for the case page and the
 * management report. Figures in unit style with plain digits beside them.
 */
import type { DamageEstimate, UsedInputs } from './estimate.ts';
import { formatYen, formatYenPlain, groupDigits } from './format-yen.ts';
import { mul, ratio, toDecimalString, type Rational } from './rational.ts';

function num(r: Rational): string {
  return toDecimalString(r, 2);
}

function percent(inputs: UsedInputs): string {
  return `${num(mul(inputs.impact.share, ratio(100n)))}%`;
}

/** Two lines (revenue per hour, damage) for a complete estimate; null for an incomplete one. */
export function describeEstimate(e: DamageEstimate, lang: 'ja' | 'en'): { revenuePerHour: string; damage: string } | null {
  if (e.status !== 'complete') return null;
  const i = e.inputs;
  const y = (v: bigint) => (lang === 'ja' ? `${formatYen(v, 'ja')}（${formatYenPlain(v)}）` : `${formatYen(v, 'en')} (${formatYenPlain(v)})`);
  const hourly = y(e.revenuePerHour.yen);
  const { affected, total } = i.impact;
  if (lang === 'ja') {
    const basis = affected !== undefined && total !== undefined ? `（被害 ${groupDigits(BigInt(affected))} ÷ 全 ${groupDigits(BigInt(total))}）` : '';
    return {
      revenuePerHour: `時間あたり売上高 = 年間売上高 ${formatYen(i.annualRevenueYen, 'ja')} ÷ (営業日 ${i.businessDays}日 × ${num(i.hoursPerDay)}時間) = ${hourly}`,
      damage:
        `暫定被害額 = 時間あたり売上高 × 停止時間 ${num(i.downtimeHours)}時間 × 影響度 ${percent(i)}${basis} = ${y(e.damage.yen)}` +
        (e.revenuePerHour.isExact ? '' : '（時間あたり売上高は丸めずに計算）'),
    };
  }
  const basis = affected !== undefined && total !== undefined ? ` (${groupDigits(BigInt(affected))} of ${groupDigits(BigInt(total))} affected)` : '';
  return {
    revenuePerHour: `Revenue per hour = annual revenue ${formatYen(i.annualRevenueYen, 'en')} ÷ (${i.businessDays} business days × ${num(i.hoursPerDay)} h) = ${hourly}`,
    damage:
      `Provisional damage = revenue per hour × ${num(i.downtimeHours)} h downtime × impact ${percent(i)}${basis} = ${y(e.damage.yen)}` +
      (e.revenuePerHour.isExact ? '' : ' (computed from the unrounded revenue per hour)'),
  };
}
