/**
 * Which state a case may move to. Work goes forward (new → in progress → contained → recovered), may step
 * back when containment fails, and any open case may be closed; a closed case may be reopened to in progress.
 */
import { RenkeiError } from '../errors.ts';
import type { CaseOutcome, CaseState } from './case-model.ts';

const NEXT: Record<CaseState, readonly CaseState[]> = {
  new: ['in_progress', 'closed'],
  in_progress: ['contained', 'closed'],
  contained: ['in_progress', 'recovered', 'closed'],
  recovered: ['in_progress', 'contained', 'closed'],
  closed: ['in_progress'],
};

/** States reachable from `from` in one step. */
export function nextStates(from: CaseState): readonly CaseState[] {
  return NEXT[from];
}

/**
 * Checks a move and returns the outcome the case carries afterwards: closing needs one, reopening
 * clears it. Throws `conflict` for a move the rules forbid, `validation_failed` for a close without outcome.
 */
export function checkTransition(from: CaseState, to: CaseState, outcome: CaseOutcome | null | undefined): CaseOutcome | null {
  if (from === to) throw new RenkeiError('conflict', `the case is already ${to}`);
  if (!NEXT[from].includes(to)) throw new RenkeiError('conflict', `a case cannot move from ${from} to ${to}`, { from, to, allowed: [...NEXT[from]] });
  if (to === 'closed') {
    if (!outcome) throw new RenkeiError('validation_failed', 'closing a case needs an outcome', { field: 'outcome' });
    return outcome;
  }
  if (outcome) throw new RenkeiError('validation_failed', 'an outcome is set only when closing', { field: 'outcome' });
  return null;
}
