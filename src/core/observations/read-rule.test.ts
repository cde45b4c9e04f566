import { describe, expect, it } from 'vitest';
import { TLP_LEVELS } from '../sharing/tlp.ts';
import type { Audience } from './model.ts';
import { audienceProblem, mayKnowAuthor, mayRead, type ItemReader } from './read-rule.ts';

const AUTHOR = 1;
const readers: Record<string, ItemReader> = {
  authorAnalyst: { orgId: AUTHOR, role: 'analyst', groupIds: [] },
  groupMember: { orgId: 2, role: 'member-admin', groupIds: [7] },
  named: { orgId: 3, role: 'analyst', groupIds: [] },
  outsider: { orgId: 4, role: 'analyst', groupIds: [8] },
  hubAdmin: { orgId: 9, role: 'hub-admin', groupIds: [] },
};
const audiences: Record<string, Audience> = { community: { kind: 'community' }, group: { kind: 'group', groupId: 7 }, orgs: { kind: 'orgs', orgIds: [3] } };

describe('mayRead: reader × TLP × audience', () => {
  // Expected readers per (TLP, audience): the full table, written out.
  const expected: Record<string, Record<string, string[]>> = {
    clear: { community: ['authorAnalyst', 'groupMember', 'named', 'outsider', 'hubAdmin'], group: ['authorAnalyst', 'groupMember'], orgs: ['authorAnalyst', 'named'] },
    green: { community: ['authorAnalyst', 'groupMember', 'named', 'outsider', 'hubAdmin'], group: ['authorAnalyst', 'groupMember'], orgs: ['authorAnalyst', 'named'] },
    amber: { community: ['authorAnalyst'], group: ['authorAnalyst', 'groupMember'], orgs: ['authorAnalyst', 'named'] },
    'amber+strict': { community: ['authorAnalyst'], group: ['authorAnalyst'], orgs: ['authorAnalyst'] },
    red: { community: ['authorAnalyst'], group: ['authorAnalyst'], orgs: ['authorAnalyst'] },
  };
  for (const tlp of TLP_LEVELS) {
    for (const [aName, audience] of Object.entries(audiences)) {
      it(`${tlp} to ${aName}`, () => {
        const who = Object.entries(readers).filter(([, r]) => mayRead(r, { authorOrgId: AUTHOR, tlp, audience, anonymous: false })).map(([n]) => n);
        expect(who).toEqual(expected[tlp]![aName]);
      });
    }
  }
});

describe('mayKnowAuthor', () => {
  it('hides an anonymous author from everyone but its own org and hub admins', () => {
    const who = Object.entries(readers).filter(([, r]) => mayKnowAuthor(r, { authorOrgId: AUTHOR, anonymous: true })).map(([n]) => n);
    expect(who).toEqual(['authorAnalyst', 'hubAdmin']);
    const named = Object.entries(readers).filter(([, r]) => mayKnowAuthor(r, { authorOrgId: AUTHOR, anonymous: false })).map(([n]) => n);
    expect(named).toEqual(Object.keys(readers));
  });
});

describe('audienceProblem', () => {
  it('refuses AMBER to the whole community and an empty org list', () => {
    expect(audienceProblem('amber', { kind: 'community' })).toBe('TLP:AMBER needs a topic group or named organisations as audience');
    expect(audienceProblem('green', { kind: 'orgs', orgIds: [] })).toBe('name at least one organisation');
    expect(audienceProblem('amber', { kind: 'group', groupId: 1 })).toBeNull();
    expect(audienceProblem('red', { kind: 'community' })).toBeNull();
  });
});
