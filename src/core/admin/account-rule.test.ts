/** The account rule as a full table: actor role × target (self, own organisation by role, other organisation, hub admin) × change. */
import { describe, expect, it } from 'vitest';
import { decideAccountChange, type AccountChange, type AccountTarget } from './account-rule.ts';
import type { HubRole } from '../roles.ts';

const ORG = 1;
const OTHER = 2;
const changes: AccountChange[] = [{ kind: 'role', role: 'analyst' }, { kind: 'role', role: 'hub-admin' }, { kind: 'disable' }, { kind: 'enable' }, { kind: 'password' }, { kind: 'keys' }];
const label = (c: AccountChange): string => (c.kind === 'role' ? `role:${c.role}` : c.kind);

describe('decideAccountChange', () => {
  it('answers every actor × target × change as the table says', () => {
    const targets: Record<string, (self: number) => AccountTarget> = {
      self: (self) => ({ id: self, orgId: ORG, role: 'member-admin' }),
      ownAnalyst: () => ({ id: 20, orgId: ORG, role: 'analyst' }),
      ownMemberAdmin: () => ({ id: 21, orgId: ORG, role: 'member-admin' }),
      otherAnalyst: () => ({ id: 30, orgId: OTHER, role: 'analyst' }),
      hubAdmin: () => ({ id: 40, orgId: 9, role: 'hub-admin' }),
    };
    const table: Record<string, Record<string, string>> = {};
    for (const role of ['hub-admin', 'member-admin', 'analyst'] as HubRole[]) {
      const actor = { userId: 10, orgId: ORG, role };
      for (const [name, make] of Object.entries(targets)) {
        const target = make(actor.userId);
        table[`${role} → ${name}`] = Object.fromEntries(changes.map((c) => [label(c), decideAccountChange(actor, { ...target, role: name === 'self' ? role : target.role }, c)]));
      }
    }
    const all = (v: string) => Object.fromEntries(changes.map((c) => [label(c), v]));
    const selfOnly = { 'role:analyst': 'refused', 'role:hub-admin': 'refused', disable: 'refused', enable: 'refused', password: 'ok', keys: 'ok' };
    expect(table).toEqual({
      'hub-admin → self': selfOnly,
      'hub-admin → ownAnalyst': all('ok'),
      'hub-admin → ownMemberAdmin': all('ok'),
      'hub-admin → otherAnalyst': all('ok'),
      'hub-admin → hubAdmin': all('ok'),
      'member-admin → self': selfOnly,
      'member-admin → ownAnalyst': { ...all('ok'), 'role:hub-admin': 'refused' },
      'member-admin → ownMemberAdmin': { ...all('ok'), 'role:hub-admin': 'refused' },
      'member-admin → otherAnalyst': all('hidden'),
      'member-admin → hubAdmin': all('hidden'),
      'analyst → self': all('refused'),
      'analyst → ownAnalyst': all('hidden'),
      'analyst → ownMemberAdmin': all('hidden'),
      'analyst → otherAnalyst': all('hidden'),
      'analyst → hubAdmin': all('hidden'),
    });
  });
});
