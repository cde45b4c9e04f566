/**
 * The provisional damage estimate that management understands:
 *   revenue per hour = annual revenue ÷ (business days × hours per business day)
 *   damage           = revenue per hour × downtime hours × impact (affected ÷ all clients)
 * Arithmetic is exact (bigint rationals); figures are rounded to whole yen once, at the end. Missing or
 * unusable inputs give an `incomplete` result naming each of them, never NaN.
 */
import { countProblem, resolveImpact, type Impact, type ImpactInput, type InputProblem, type MissingInput } from './impact.ts';
import { fromDecimal, isInteger, mul, div, ratio, roundHalfUp, type Rational } from './rational.ts';

/** Hours in a business day unless a member sets otherwise. */
export const DEFAULT_HOURS_PER_DAY = 8;

/** Downtime in hours (decimals are read exactly: 1.5 is 3/2) or in milliseconds (from a timeline). */
export type DowntimeInput = { hours: number } | { ms: number };

/** Inputs of one estimate. Revenue and days usually come from member settings, the rest from the case. */
export interface DamageInputs {
  /** Annual revenue in whole yen. */
  annualRevenueYen: bigint | number | null | undefined;
  /** Business days per year (1–366). */
  businessDays: number | null | undefined;
  /** Hours per business day, default 8 (decimals allowed, e.g. 7.5). */
  hoursPerDay?: number | null;
  downtime: DowntimeInput | null | undefined;
  impact: ImpactInput | null | undefined;
}

/** A money figure: whole yen (rounded half up) and the exact value behind it. */
export interface Money {
  yen: bigint;
  exact: Rational;
  /** False when `yen` was rounded. */
  isExact: boolean;
}

/** The inputs as the estimate used them. */
export interface UsedInputs {
  annualRevenueYen: bigint;
  businessDays: number;
  hoursPerDay: Rational;
  downtimeHours: Rational;
  impact: Impact;
}

export type DamageEstimate =
  | { status: 'complete'; revenuePerHour: Money; damage: Money; inputs: UsedInputs }
  | { status: 'incomplete'; missing: MissingInput[] };

function money(exact: Rational): Money {
  return { yen: roundHalfUp(exact), exact, isExact: isInteger(exact) };
}

function revenueProblem(x: unknown): InputProblem | null {
  if (x === undefined || x === null) return 'missing';
  if (typeof x === 'bigint') return x < 0n ? 'negative' : x === 0n ? 'zero' : null;
  const p = countProblem(x);
  return p ?? (x === 0 ? 'zero' : null);
}

function decimalProblem(x: unknown, max: number | null, zero: 'zero' | null): { value: Rational } | { problem: InputProblem } {
  if (x === undefined || x === null) return { problem: 'missing' };
  if (typeof x !== 'number' || Number.isNaN(x)) return { problem: 'not_a_number' };
  const r = fromDecimal(x);
  if (!r) return { problem: 'out_of_range' };
  if (r.n < 0n) return { problem: 'negative' };
  if (r.n === 0n && zero) return { problem: zero };
  if (max !== null && x > max) return { problem: 'out_of_range' };
  return { value: r };
}

function downtimeHours(d: DowntimeInput | null | undefined): { value: Rational } | { problem: InputProblem } {
  if (!d) return { problem: 'missing' };
  if ('ms' in d) {
    const p = countProblem(d.ms);
    return p ? { problem: p } : { value: ratio(BigInt(d.ms), 3_600_000n) };
  }
  // Zero downtime is a real answer (no outage yet): the estimate is then ¥0.
  return decimalProblem(d.hours, null, null);
}

/** Computes the estimate, or names every input that is missing or unusable. */
export function estimateDamage(inputs: DamageInputs): DamageEstimate {
  const missing: MissingInput[] = [];
  const rp = revenueProblem(inputs.annualRevenueYen);
  if (rp) missing.push({ field: 'annualRevenue', problem: rp });
  const dp = countProblem(inputs.businessDays);
  if (dp) missing.push({ field: 'businessDays', problem: dp });
  else if (inputs.businessDays === 0) missing.push({ field: 'businessDays', problem: 'zero' });
  else if (inputs.businessDays! > 366) missing.push({ field: 'businessDays', problem: 'out_of_range' });
  const hours = decimalProblem(inputs.hoursPerDay ?? DEFAULT_HOURS_PER_DAY, 24, 'zero');
  if ('problem' in hours) missing.push({ field: 'hoursPerDay', problem: hours.problem });
  const down = downtimeHours(inputs.downtime);
  if ('problem' in down) missing.push({ field: 'downtime', problem: down.problem });
  const impact = resolveImpact(inputs.impact);
  if (Array.isArray(impact)) missing.push(...impact);
  if (missing.length > 0 || 'problem' in hours || 'problem' in down || Array.isArray(impact)) return { status: 'incomplete', missing };

  const revenue = BigInt(inputs.annualRevenueYen!);
  const perHour = div(ratio(revenue), mul(ratio(BigInt(inputs.businessDays!)), hours.value));
  const damage = mul(mul(perHour, down.value), impact.share);
  return {
    status: 'complete',
    revenuePerHour: money(perHour),
    damage: money(damage),
    inputs: { annualRevenueYen: revenue, businessDays: inputs.businessDays!, hoursPerDay: hours.value, downtimeHours: down.value, impact },
  };
}

/**
 * Damage from an hourly figure already rounded by someone (a slide, a spreadsheet): shows how much of a
 * published figure is rounding. `estimateDamage` never rounds before multiplying.
 */
export function damageFromHourly(revenuePerHourYen: bigint, downtimeHours: Rational, share: Rational): Money {
  return money(mul(mul(ratio(revenuePerHourYen), downtimeHours), share));
}
