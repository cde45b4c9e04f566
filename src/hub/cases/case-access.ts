/**
 * Who may do what with a case. A case belongs to one org: callers from any other org — hub admins
 * included — get "no such case", never a hint that it exists. Inside the org every role reads and
 * works the case (tasks, timeline, hosts, notes); governing it (state, outcome, TLP/PAP, owner) and
 * preparing what leaves the org (the safe status) is for the org's admins and the case owner.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { CaseRecord } from '../../core/cases/case-model.ts';
import type { HubRole } from '../../core/roles.ts';

export type CaseAction = 'read' | 'edit' | 'govern' | 'share';

export interface CaseActor {
  userId: number;
  orgId: number;
  role: HubRole;
}

/** Throws `not_found` for another org's case and `forbidden` for an action the role may not take. */
export function assertMay(who: CaseActor, c: Pick<CaseRecord, 'id' | 'orgId' | 'ownerUserId'> | null, action: CaseAction, id: number): asserts c is CaseRecord {
  if (!c || c.orgId !== who.orgId) throw new RenkeiError('not_found', `no case ${id}`);
  if (action === 'read' || action === 'edit') return;
  if (who.role === 'member-admin' || who.role === 'hub-admin' || c.ownerUserId === who.userId) return;
  throw new RenkeiError('forbidden', action === 'govern' ? 'only the case owner or an admin of this organisation may change its state, TLP/PAP or owner' : 'only the case owner or an admin of this organisation may prepare a status for sharing');
}

/** Setting the organisation's own damage figures is for its admins. */
export function assertMaySetOrgFigures(who: CaseActor): void {
  if (who.role === 'member-admin' || who.role === 'hub-admin') return;
  throw new RenkeiError('forbidden', 'only an admin of this organisation may set its revenue and business days');
}
