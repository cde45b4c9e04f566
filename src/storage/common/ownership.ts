/**
 * Ownership on every write, checked inside the adapters' save transaction so that every path (MISP API,
 * TAXII, importers, CLI) gets it: a refusal throws before commit, so nothing of the batch is written.
 * No save re-owns a row: an event belongs to the organisation that first stored it, an attribute or
 * object to the event that first held it, and a sharing group's members change only through the group's
 * own operations, by its creating organisation or a node admin.
 */
import { RenkeiError } from '../../core/errors.ts';

/** Why a write was refused (`details.reason` of an `ownership_conflict` error; stable, clients may match on it). */
export type OwnershipReason =
  | 'event_of_other_org'
  | 'attribute_of_other_event'
  | 'object_of_other_event'
  | 'sharing_group_not_member'
  | 'sharing_group_not_creator'
  | 'not_owner';

/** Who writes: the organisation on whose behalf, and whether it is a node admin (may edit any org's data, never re-own it). */
export interface WriteActor {
  orgId: number;
  admin?: boolean;
}

const MESSAGES: Record<OwnershipReason, string> = {
  event_of_other_org: 'an event with this uuid belongs to another organisation',
  attribute_of_other_event: 'an attribute with this uuid belongs to another event',
  object_of_other_event: 'an object with this uuid belongs to another event',
  sharing_group_not_member: 'the event names a sharing group this organisation is not a member of',
  sharing_group_not_creator: 'only the organisation that created the sharing group (or a node admin) may change it',
  not_owner: 'only the owning organisation (or a node admin) may change or delete this',
};

/** Throws the stable `ownership_conflict` refusal (409). */
export function refuseWrite(reason: OwnershipReason, uuid: string): never {
  throw new RenkeiError('ownership_conflict', `${MESSAGES[reason]} (${uuid})`, { reason, uuid });
}

/** An existing event may be re-saved only by its owner (or a node admin, keeping the owner). */
export function checkEventOwner(existingOrgId: number, actor: WriteActor, uuid: string): void {
  if (existingOrgId !== actor.orgId && !actor.admin) refuseWrite('event_of_other_org', uuid);
}

/** An existing attribute or object uuid stays in the event that holds it. */
export function checkSameEvent(existingEventId: number, eventId: number, kind: 'attribute' | 'object', uuid: string): void {
  if (existingEventId !== eventId) refuseWrite(kind === 'attribute' ? 'attribute_of_other_event' : 'object_of_other_event', uuid);
}

/** An event body may name an existing sharing group only when the writer belongs to it (or created it, or is a node admin). */
export function checkGroupReference(group: { creatorOrgId: number | null; orgIds: readonly number[] }, actor: WriteActor, uuid: string): void {
  if (actor.admin || group.creatorOrgId === actor.orgId || group.orgIds.includes(actor.orgId)) return;
  refuseWrite('sharing_group_not_member', uuid);
}

/** Changing a sharing group (its fields or members) is for its creating organisation or a node admin. */
export function checkGroupManager(group: { creatorOrgId: number | null }, actor: WriteActor, uuid: string): void {
  if (actor.admin || (group.creatorOrgId !== null && group.creatorOrgId === actor.orgId)) return;
  refuseWrite('sharing_group_not_creator', uuid);
}

/** Index of `org_id` and `orgc_id` in `EVENT_COLS` (kept from the stored row on every update). */
export const EVENT_ORG_COL = 10;
export const EVENT_ORGC_COL = 11;
