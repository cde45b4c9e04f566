/**
 * Who may change whose account (role, disabled, password, API keys): the one rule every admin path asks.
 * A hub admin manages everyone; a member admin manages its own organisation's users, but no hub admin and
 * never grants hub admin; an analyst manages nobody. Nobody demotes or disables themselves (the last admin
 * cannot lock everyone out), and a target outside the actor's reach reads as absent (no existence oracle).
 */
import type { HubRole } from '../roles.ts';

export interface AccountActor {
  userId: number;
  orgId: number;
  role: HubRole;
}

export interface AccountTarget {
  id: number;
  orgId: number;
  role: HubRole;
}

export type AccountChange = { kind: 'role'; role: HubRole } | { kind: 'disable' } | { kind: 'enable' } | { kind: 'password' } | { kind: 'keys' };

/** `ok`, `hidden` (answer as if the target did not exist) or `refused` (it exists, this change is not allowed). */
export type AccountDecision = 'ok' | 'hidden' | 'refused';

/** Whether `actor` sees `target` in the admin lists at all. */
export function canSeeAccount(actor: AccountActor, target: AccountTarget): boolean {
  if (actor.role === 'hub-admin') return true;
  if (actor.role === 'member-admin') return target.orgId === actor.orgId;
  return target.id === actor.userId;
}

/** Decides one change of `target`'s account by `actor`. */
export function decideAccountChange(actor: AccountActor, target: AccountTarget, change: AccountChange): AccountDecision {
  if (!canSeeAccount(actor, target)) return 'hidden';
  if (actor.role === 'analyst') return 'refused';
  const self = actor.userId === target.id;
  if (self && (change.kind === 'role' || change.kind === 'disable' || change.kind === 'enable')) return 'refused';
  if (actor.role === 'hub-admin') return 'ok';
  // A member admin, in its own organisation.
  if (target.role === 'hub-admin') return 'refused';
  if (change.kind === 'role' && change.role === 'hub-admin') return 'refused';
  return 'ok';
}
