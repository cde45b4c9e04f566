/**
 * Impact: the share of clients (hosts) affected. By default it comes from the case's triage: black, red
 * and yellow hosts are affected; the denominator is every host, green and not-yet-triaged included.
 * A manual override replaces it with counts or a percentage.
 */
import { fromDecimal, ratio, type Rational } from './rational.ts';

/** Hosts per triage tag in a case. */
export interface TriageCounts {
  black: number;
  red: number;
  yellow: number;
  green: number;
  untriaged: number;
}

/** What the impact is based on. */
export type ImpactInput =
  | { source: 'triage'; counts: TriageCounts }
  | { source: 'manual'; affected: number; total: number }
  | { source: 'manual_percent'; percent: number };

/** Why an input cannot be used. */
export type InputProblem = 'missing' | 'zero' | 'negative' | 'not_integer' | 'not_a_number' | 'out_of_range' | 'untriaged';

/** One input the estimate lacks, named by field. */
export interface MissingInput {
  field: 'annualRevenue' | 'businessDays' | 'hoursPerDay' | 'downtime' | 'impact' | 'impact.affected' | 'impact.total' | 'impact.percent' | `impact.counts.${keyof TriageCounts}`;
  problem: InputProblem;
}

/** The impact as used by the estimate. */
export interface Impact {
  source: ImpactInput['source'];
  /** affected ÷ total, exact. */
  share: Rational;
  /** Counts behind the share (absent for a percentage override). */
  affected?: number;
  total?: number;
  /** Hosts not yet triaged, counted in `total` but not in `affected`: the share can still grow. */
  untriaged?: number;
}

/** Checks a count: a finite non-negative integer. */
export function countProblem(x: unknown): InputProblem | null {
  if (x === undefined || x === null) return 'missing';
  if (typeof x !== 'number' || Number.isNaN(x)) return 'not_a_number';
  if (!Number.isFinite(x) || !Number.isSafeInteger(Math.trunc(x))) return 'out_of_range';
  if (x < 0) return 'negative';
  if (!Number.isInteger(x)) return 'not_integer';
  return null;
}

/** Resolves the impact input to an exact share, or lists what is wrong with it. */
export function resolveImpact(input: ImpactInput | null | undefined): Impact | MissingInput[] {
  if (!input) return [{ field: 'impact', problem: 'missing' }];
  if (input.source === 'manual_percent') {
    if (input.percent === undefined || input.percent === null) return [{ field: 'impact.percent', problem: 'missing' }];
    const p = typeof input.percent === 'number' ? fromDecimal(input.percent) : null;
    if (!p) return [{ field: 'impact.percent', problem: 'not_a_number' }];
    if (p.n < 0n) return [{ field: 'impact.percent', problem: 'negative' }];
    if (p.n > 100n * p.d) return [{ field: 'impact.percent', problem: 'out_of_range' }];
    return { source: 'manual_percent', share: ratio(p.n, p.d * 100n) };
  }
  let affected: number;
  let total: number;
  let untriaged: number | undefined;
  const problems: MissingInput[] = [];
  if (input.source === 'triage') {
    const c = input.counts ?? ({} as Partial<TriageCounts>);
    for (const tag of ['black', 'red', 'yellow', 'green', 'untriaged'] as const) {
      const problem = countProblem(c[tag]);
      if (problem) problems.push({ field: `impact.counts.${tag}`, problem });
    }
    if (problems.length > 0) return problems;
    affected = c.black! + c.red! + c.yellow!;
    untriaged = c.untriaged!;
    total = affected + c.green! + untriaged;
    if (total === 0) return [{ field: 'impact.total', problem: 'zero' }];
    // Nothing triaged yet: a share of 0 would read as "no impact", which nobody has established.
    if (untriaged === total) return [{ field: 'impact', problem: 'untriaged' }];
  } else {
    const pa = countProblem(input.affected);
    const pt = countProblem(input.total);
    if (pa) problems.push({ field: 'impact.affected', problem: pa });
    if (pt) problems.push({ field: 'impact.total', problem: pt });
    if (problems.length > 0) return problems;
    affected = input.affected;
    total = input.total;
    if (total === 0) return [{ field: 'impact.total', problem: 'zero' }];
    if (affected > total) return [{ field: 'impact.affected', problem: 'out_of_range' }];
  }
  const impact: Impact = { source: input.source, share: ratio(BigInt(affected), BigInt(total)), affected, total };
  if (untriaged !== undefined) impact.untriaged = untriaged;
  return impact;
}
