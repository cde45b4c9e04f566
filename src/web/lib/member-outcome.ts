/** How a member's answer reads on the results page: answered, still waiting, or not answered and why. */
import type { MemberReason, MemberResult } from '../../contracts/hub-api.ts';

/** Answered in full or in part; a timed-out or failed member did not answer. */
export function answered(m: MemberResult): boolean {
  return m.status === 'ok' || m.status === 'truncated';
}

/** A failed member's reason code; results stored before reasons existed fall back on the status. */
export function reasonOf(m: MemberResult): MemberReason {
  return m.reason ?? (m.status === 'timeout' ? 'timeout' : m.status === 'truncated' ? 'truncated' : 'internal');
}

/** Members whose counts mean nothing: they never answered (their column shows "—", never 0). */
export function unanswered(members: MemberResult[]): Map<string, MemberReason> {
  const out = new Map<string, MemberReason>();
  for (const m of members) if (m.status === 'timeout' || m.status === 'error') out.set(m.name, reasonOf(m));
  return out;
}
