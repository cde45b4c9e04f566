/**
 * Evaluation budgets against dictionary attacks: every blinded element a node evaluates is one guess, so
 * each node counts expanded values per searching organisation and budget window, and caps the batch size.
 * Pure decisions over a usage record; the node stores the record (`BudgetLedger`) and keeps only counts.
 */
import { RenkeiError } from '../errors.ts';

export interface BudgetPolicy {
  /** Evaluations one organisation may request per window (e.g. 20,000 a day). */
  perWindow: number;
  /** Window length in seconds (default a day); windows are aligned to the Unix epoch (UTC midnight). */
  windowSeconds: number;
  /** Most blinded elements in one request. */
  batchCap: number;
}

export const DEFAULT_BUDGET: BudgetPolicy = Object.freeze({ perWindow: 20_000, windowSeconds: 86_400, batchCap: 4_096 });

export interface BudgetUsage {
  org: string;
  windowStart: number;
  used: number;
}

export type BudgetDecision =
  | { ok: true; usage: BudgetUsage; remaining: number }
  | { ok: false; reason: 'batch_too_large' | 'budget_exhausted'; remaining: number; resetsAt: number };

/** Start (Unix seconds) of the window holding `now`. */
export function budgetWindow(now: number, policy: BudgetPolicy): number {
  return Math.floor(now / policy.windowSeconds) * policy.windowSeconds;
}

/** Decides whether `org` may have `count` evaluations now, given its stored usage (null if none). */
export function chargeBudget(usage: BudgetUsage | null, policy: BudgetPolicy, org: string, count: number, now: number): BudgetDecision {
  const windowStart = budgetWindow(now, policy);
  const used = usage && usage.org === org && usage.windowStart === windowStart ? usage.used : 0;
  const resetsAt = windowStart + policy.windowSeconds;
  if (count > policy.batchCap) return { ok: false, reason: 'batch_too_large', remaining: policy.perWindow - used, resetsAt };
  // The whole batch or nothing: a partial answer would still let the searcher learn which half hit.
  if (used + count > policy.perWindow) return { ok: false, reason: 'budget_exhausted', remaining: policy.perWindow - used, resetsAt };
  return { ok: true, usage: { org, windowStart, used: used + count }, remaining: policy.perWindow - used - count };
}

/** The refusal as the error the HTTP edge maps (413 for the batch cap, 429 for the budget). */
export function budgetError(d: Extract<BudgetDecision, { ok: false }>): RenkeiError {
  return d.reason === 'batch_too_large'
    ? new RenkeiError('payload_too_large', 'blind evaluation batch exceeds the cap', { reason: d.reason })
    : new RenkeiError('rate_limited', 'blind evaluation budget for this organisation is used up', { reason: d.reason, remaining: d.remaining, resetsAt: d.resetsAt });
}

/** Storage the node provides: `charge` reads, decides and writes in one transaction. */
export interface BudgetLedger {
  charge(org: string, windowStart: number, decide: (usage: BudgetUsage | null) => BudgetDecision): Promise<BudgetDecision>;
}

/** A `BudgetLedger` in memory (one process; windows other than the current one are dropped). */
export class MemoryBudgetLedger implements BudgetLedger {
  readonly #usage = new Map<string, BudgetUsage>();

  async charge(org: string, windowStart: number, decide: (usage: BudgetUsage | null) => BudgetDecision): Promise<BudgetDecision> {
    const cur = this.#usage.get(org);
    const d = decide(cur && cur.windowStart === windowStart ? cur : null);
    if (d.ok) this.#usage.set(org, d.usage);
    return d;
  }
}
