/**
 * Contract: no save re-owns, moves or re-shares another organisation's data. Every refusal
 * is `ownership_conflict` with a stable `details.reason`, and the whole batch leaves the store unchanged.
 */
import { expect, it } from 'vitest';
import type { EventInput } from '../../core/model/event.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { StoreHandle } from './store-handle.ts';
import type { FullEvent, IntelStore } from '../port.ts';
import { attr, event, object, testUuid } from './fixtures.ts';

/** Asserts the promise is refused with `ownership_conflict` and the given reason. */
export async function expectRefused(p: Promise<unknown>, reason: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'RenkeiError', code: 'ownership_conflict', details: { reason } });
}

const viewerOf = (orgId: number): Viewer => ({ orgId, sharingGroupIds: [] });

/** Everything a refusal must leave as it was: full event as its owner sees it, and the store counts. */
async function snapshot(store: IntelStore, uuid: string, ownerId: number): Promise<{ full: FullEvent | null; counts: unknown; groups: unknown }> {
  return { full: await store.getEvent(uuid, viewerOf(ownerId)), counts: await store.counts(), groups: await store.listSharingGroups() };
}

export function ownershipContract(h: StoreHandle): void {
  const setup = async () => {
    const store = h.s.store;
    const A = (await store.ensureOrg({ name: 'Org A' })).id;
    const B = (await store.ensureOrg({ name: 'Org B' })).id;
    const C = (await store.ensureOrg({ name: 'Org C' })).id;
    const secret = attr('domain', 'secret.example', { comment: 'A only' });
    const inObject = attr('ip-dst', '203.0.113.7');
    const obj = object('domain-ip', [inObject], { references: [{ uuid: testUuid(), referencedUuid: secret.uuid, relationshipType: 'related-to', comment: '' }] });
    const red = event([secret], { distribution: 0, tags: [{ name: 'tlp:red' }, { name: 'internal', local: true }], orgc: { name: 'Org A' }, objects: [obj] });
    await store.saveEvents([red], A);
    return { store, A, B, C, red, secret, obj, inObject };
  };

  it('refuses an event uuid of another organisation (report takeover) and changes nothing', async () => {
    const { store, A, B, red } = await setup();
    const before = await snapshot(store, red.uuid, A);
    const takeover: EventInput = { ...red, tags: [], distribution: 3, info: 'now mine', orgc: { name: 'Org B' }, attributes: [], objects: [] };
    await expectRefused(store.saveEvents([takeover], B), 'event_of_other_org');
    // Not even alongside a valid event of its own: the batch is one transaction.
    await expectRefused(store.saveEvents([event([attr('domain', 'b-own.example')]), takeover], B), 'event_of_other_org');
    expect(await snapshot(store, red.uuid, A)).toEqual(before);
    expect(await store.getEvent(red.uuid, viewerOf(B))).toBeNull();
  });

  it('refuses attribute, object and reference uuids held by another event (uuid reuse) and changes nothing', async () => {
    const { store, A, B, red, secret, obj, inObject } = await setup();
    const before = await snapshot(store, red.uuid, A);
    const stolenAttr = event([{ ...secret, value: 'attacker.example' }]);
    await expectRefused(store.saveEvents([stolenAttr], B), 'attribute_of_other_event');
    const stolenInObject = event([], { objects: [object('x', [{ ...inObject, uuid: inObject.uuid, value: '198.51.100.1' }])] });
    await expectRefused(store.saveEvents([stolenInObject], B), 'attribute_of_other_event');
    await expectRefused(store.saveEvents([event([], { objects: [{ ...obj, attributes: [] }] })], B), 'object_of_other_event');
    const refThief = event([], { objects: [object('y', [], { references: obj.references })] });
    await expectRefused(store.saveEvents([refThief], B), 'object_of_other_event');
    // The same organisation cannot move a row between its own events either.
    await expectRefused(store.saveEvents([event([{ ...secret }])], A), 'attribute_of_other_event');
    expect(await snapshot(store, red.uuid, A)).toEqual(before);
    expect((await store.searchAttributes({ values: ['attacker.example'] }, viewerOf(B))).total).toBe(0);
  });

  it('never rewrites org_id or orgc_id of a stored event; a node admin may edit but not re-own', async () => {
    const { store, A, B, red } = await setup();
    const orgcBefore = (await store.getEvent(red.uuid, viewerOf(A)))!.event.orgcId;
    await store.saveEvents([{ ...red, info: 'renamed by owner', orgc: { name: 'Someone Else' } }], A);
    const mine = (await store.getEvent(red.uuid, viewerOf(A)))!.event;
    expect(mine).toMatchObject({ info: 'renamed by owner', orgId: A, orgcId: orgcBefore });
    await store.saveEvents([{ ...red, info: 'fixed by admin' }], B, { admin: true });
    expect((await store.getEvent(red.uuid, viewerOf(A)))!.event).toMatchObject({ info: 'fixed by admin', orgId: A, orgcId: orgcBefore });
    expect(await store.getEvent(red.uuid, viewerOf(B))).toBeNull();
  });

  it('lets an event body reference only groups its writer belongs to, and never changes their members', async () => {
    const { store, A, B, C } = await setup();
    const sg = await store.createSharingGroup({ uuid: testUuid(), name: 'A and C', orgs: [{ name: 'Org C' }] }, { orgId: A });
    expect(sg).toMatchObject({ creatorOrgId: A, orgIds: [A, C].sort((x, y) => x - y) });
    const hijack = { uuid: sg.uuid, name: 'mine now', orgs: [{ name: 'Org B' }] };
    const groupsBefore = await store.listSharingGroups();
    await expectRefused(store.saveEvents([event([attr('domain', 'b.example')], { distribution: 4, sharingGroup: hijack })], B), 'sharing_group_not_member');
    expect(await store.listSharingGroups()).toEqual(groupsBefore);
    expect((await store.counts()).events).toBe(1);
    // A member may share into the group; the body's member list is ignored.
    const [saved] = await store.saveEvents([event([attr('domain', 'c.example')], { distribution: 4, sharingGroup: { ...hijack, orgs: [{ name: 'Org C' }] } })], C);
    expect(saved!.status).toBe('created');
    expect(await store.listSharingGroups()).toEqual(groupsBefore);
    // A new group named in a body is created by the writer, which is always a member.
    const fresh = { uuid: testUuid(), name: 'B new', orgs: [{ name: 'Org C' }] };
    await store.saveEvents([event([attr('domain', 'b2.example')], { distribution: 4, sharingGroup: fresh })], B);
    expect(await store.getSharingGroup(fresh.uuid)).toMatchObject({ creatorOrgId: B, orgIds: [B, C].sort((x, y) => x - y) });
  });

  it('changes a sharing group only through its own operations, by its creator or a node admin', async () => {
    const { store, A, B, C } = await setup();
    const sg = await store.createSharingGroup({ uuid: testUuid(), name: 'A group', orgs: [{ name: 'Org C' }] }, { orgId: A });
    await expect(store.createSharingGroup({ uuid: sg.uuid, name: 'dup', orgs: [] }, { orgId: B })).rejects.toMatchObject({ code: 'conflict' });
    await expectRefused(store.updateSharingGroup(sg.uuid, { name: 'pwned' }, { orgId: C }), 'sharing_group_not_creator');
    await expectRefused(store.setSharingGroupMember(sg.id, B, true, { orgId: B }), 'sharing_group_not_creator');
    await expectRefused(store.setSharingGroupMember(sg.id, A, false, { orgId: C }), 'sharing_group_not_creator');
    expect(await store.getSharingGroup(sg.id)).toEqual(sg);
    expect(await store.updateSharingGroup(sg.uuid, { name: 'renamed' }, { orgId: A })).toMatchObject({ name: 'renamed' });
    expect((await store.setSharingGroupMember(sg.uuid, B, true, { orgId: A })).orgIds).toEqual([A, B, C].sort((x, y) => x - y));
    expect((await store.setSharingGroupMember(sg.uuid, C, false, { orgId: B, admin: true })).orgIds).toEqual([A, B].sort((x, y) => x - y));
    await expect(store.setSharingGroupMember(sg.uuid, A, false, { orgId: A })).rejects.toMatchObject({ code: 'conflict' });
    await expect(store.updateSharingGroup(testUuid(), { name: 'x' }, { orgId: A })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('deletes an event only for its owner or a node admin', async () => {
    const { store, A, B, red } = await setup();
    await expectRefused(store.deleteEvent(red.uuid, { orgId: B }), 'not_owner');
    expect((await store.counts()).events).toBe(1);
    expect(await store.deleteEvent(red.uuid, { orgId: A })).toBe(true);
    const other = event([attr('domain', 'x.example')]);
    await store.saveEvents([other], A);
    expect(await store.deleteEvent(other.uuid, { orgId: B, admin: true })).toBe(true);
  });
}
