/** Contract: saving, re-saving, updating, deleting; objects, references and sightings round-trip. */
import { expect, it } from 'vitest';
import type { StoreHandle } from './store-handle.ts';
import { attr, event, object, testUuid } from './fixtures.ts';

export function saveContract(h: StoreHandle): void {
  const owner = { orgId: 0, sharingGroupIds: [] as number[] };

  it('saves a batch and re-saving identical data is unchanged', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const evs = [event([attr('ip-dst', '203.0.114.7'), attr('domain', 'evil.example')]), event([attr('md5', 'a'.repeat(32))])];
    const first = await h.s.store.saveEvents(evs, org.id);
    expect(first.map((r) => r.status)).toEqual(['created', 'created']);
    expect(first.map((r) => r.attributesCreated)).toEqual([2, 1]);
    const again = await h.s.store.saveEvents(evs, org.id);
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(again.map((r) => [r.attributesCreated, r.attributesUpdated, r.attributesUnchanged])).toEqual([[0, 0, 2], [0, 0, 1]]);
    expect(again.map((r) => r.eventId)).toEqual(first.map((r) => r.eventId));
    expect(await h.s.store.counts()).toMatchObject({ events: 2, attributes: 3 });
  });

  it('updates changed events and attributes, adds new ones, keeps the index current', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const a1 = attr('domain', 'old.example');
    const a2 = attr('md5', 'b'.repeat(32));
    const ev = event([a1, a2]);
    await h.s.store.saveEvents([ev], org.id);
    const changed = { ...ev, info: 'renamed', attributes: [{ ...a1, value: 'new.example' }, a2, attr('sha1', 'c'.repeat(40))] };
    const [r] = await h.s.store.saveEvents([changed], org.id);
    expect(r).toMatchObject({ status: 'updated', attributesCreated: 1, attributesUpdated: 1, attributesUnchanged: 1 });
    const full = await h.s.store.getEvent(ev.uuid, { ...owner, orgId: org.id });
    expect(full?.event.info).toBe('renamed');
    expect(full?.attributes.map((a) => a.value).sort()).toEqual(['b'.repeat(32), 'c'.repeat(40), 'new.example']);
    const viewer = { orgId: org.id, sharingGroupIds: [] };
    expect(await h.s.store.lookup({ keys: ['old.example'], ipPoints: [], ipRanges: [] }, viewer)).toHaveLength(0);
    expect(await h.s.store.lookup({ keys: ['new.example'], ipPoints: [], ipRanges: [] }, viewer)).toHaveLength(1);
    // A change that leaves type and value alone keeps the attribute findable.
    const commented = { ...changed, attributes: changed.attributes.map((x, i) => (i === 1 ? { ...x, comment: 'seen in the wild' } : x)) };
    expect((await h.s.store.saveEvents([commented], org.id))[0]).toMatchObject({ status: 'updated', attributesUpdated: 1, attributesUnchanged: 2 });
    const rows = await h.s.store.lookup({ keys: ['b'.repeat(32)], ipPoints: [], ipRanges: [] }, viewer);
    expect(rows.map((r) => r.attribute.comment)).toEqual(['seen in the wild']);
  });

  it('excludes deleted attributes from lookup and from events unless asked', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const viewer = { orgId: org.id, sharingGroupIds: [] };
    const live = attr('ip-dst', '198.51.99.1');
    const gone = attr('ip-dst', '198.51.99.2', { deleted: true });
    const ev = event([live, gone]);
    await h.s.store.saveEvents([ev], org.id);
    const rows = await h.s.store.lookup({ keys: ['198.51.99.1', '198.51.99.2'], ipPoints: [], ipRanges: [] }, viewer);
    expect(rows.map((r) => r.attribute.value)).toEqual(['198.51.99.1']);
    // Soft-deleting later removes it from the index too.
    await h.s.store.saveEvents([{ ...ev, attributes: [{ ...live, deleted: true }, gone] }], org.id);
    expect(await h.s.store.lookup({ keys: ['198.51.99.1'], ipPoints: [], ipRanges: [] }, viewer)).toHaveLength(0);
    expect((await h.s.store.getEvent(ev.uuid, viewer))?.attributes).toHaveLength(0);
    expect((await h.s.store.getEvent(ev.uuid, viewer, { includeDeleted: true }))?.attributes).toHaveLength(2);
    const page = await h.s.store.searchAttributes({ includeDeleted: true }, viewer);
    expect(page.total).toBe(2);
  });

  it('round-trips tags, TLP, objects, references and sightings', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner', uuid: '11111111-1111-4111-8111-111111111111' });
    const ip = attr('ip-dst', '203.0.114.9', { tags: [{ name: 'tlp:amber', colour: '#FFC000' }, { name: 'kill-chain:c2' }], firstSeen: '2024-01-01T00:00:00.000000+00:00' });
    const obj = object('domain-ip', [attr('domain', 'obj.example'), attr('ip-dst', '203.0.114.10')]);
    obj.references = [{ uuid: testUuid(), referencedUuid: ip.uuid, relationshipType: 'related-to', comment: 'c' }];
    const ev = event([ip], {
      tags: [{ name: 'tlp:green' }, { name: 'misp-galaxy:threat-actor="APT28"', local: true }],
      objects: [obj],
      sightings: [{ uuid: testUuid(), attributeUuid: ip.uuid, type: 0, source: 'ids', org: { name: 'Peer' }, dateSighting: 1_700_000_100 }],
      orgc: { name: 'Creator', uuid: '22222222-2222-4222-8222-222222222222' },
    });
    const [saved] = await h.s.store.saveEvents([ev], org.id);
    expect((await h.s.store.saveEvents([ev], org.id))[0]!.status).toBe('unchanged');
    const full = await h.s.store.getEvent(saved!.eventId, { orgId: org.id, sharingGroupIds: [] });
    expect(full).not.toBeNull();
    expect(full!.event.tlp).toBe('green');
    expect(full!.event.tags).toEqual([{ name: 'tlp:green' }, { name: 'misp-galaxy:threat-actor="APT28"', local: true }]);
    expect(full!.orgc).toMatchObject({ name: 'Creator', uuid: '22222222-2222-4222-8222-222222222222' });
    expect(full!.org.id).toBe(org.id);
    const storedIp = full!.attributes.find((a) => a.uuid === ip.uuid)!;
    expect(storedIp.tags).toEqual([{ name: 'tlp:amber', colour: '#FFC000' }, { name: 'kill-chain:c2' }]);
    expect(storedIp.firstSeen).toBe('2024-01-01T00:00:00.000000+00:00');
    expect(full!.objects).toHaveLength(1);
    expect(full!.objects[0]!.references).toEqual([{ uuid: obj.references[0]!.uuid, referencedUuid: ip.uuid, relationshipType: 'related-to', comment: 'c' }]);
    const inObj = full!.attributes.filter((a) => a.objectId === full!.objects[0]!.id);
    expect(inObj.map((a) => a.objectRelation).sort()).toEqual(['domain', 'ip-dst']);
    expect(full!.sightings).toHaveLength(1);
    const peer = (await h.s.store.getOrg('Peer'))!;
    expect(full!.sightings[0]).toMatchObject({ type: 0, source: 'ids', orgId: peer.id, dateSighting: 1_700_000_100 });
  });

  it('adds sightings; an expiration replaces the same organisation’s earlier one', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const a = attr('domain', 'sighted.example');
    await h.s.store.saveEvents([event([a])], org.id);
    const mk = (type: 0 | 1 | 2, t: number) => ({ uuid: testUuid(), attributeUuid: a.uuid, type, source: 'portal', org: { name: 'Peer' }, dateSighting: t });
    const added = await h.s.store.addSightings([mk(0, 1), mk(1, 2), mk(2, 3), mk(2, 4), { ...mk(0, 5), attributeUuid: testUuid() }]);
    expect(added.map((s) => s.type)).toEqual([0, 1, 2, 2]);
    expect((await h.s.store.counts()).sightings).toBe(3);
    const full = await h.s.store.getEvent(added[0]!.eventId, { orgId: org.id, sharingGroupIds: [] });
    expect(full!.sightings.filter((s) => s.type === 2).map((s) => s.dateSighting)).toEqual([4]);
    const peer = (await h.s.store.getOrg('Peer'))!;
    const asPeer = await h.s.store.getEvent(added[0]!.eventId, { orgId: peer.id, sharingGroupIds: [] });
    expect(asPeer!.sightings).toHaveLength(3);
    const other = await h.s.store.ensureOrg({ name: 'Other' });
    expect((await h.s.store.getEvent(added[0]!.eventId, { orgId: other.id, sharingGroupIds: [] }))!.sightings).toHaveLength(0);
  });

  it('upserts sharing groups and reports membership', async () => {
    const sg = await h.s.store.upsertSharingGroup({ uuid: testUuid(), name: 'Group', orgs: [{ name: 'A' }, { name: 'B' }] });
    const a = (await h.s.store.getOrg('A'))!;
    const b = (await h.s.store.getOrg('B'))!;
    expect(sg.orgIds.sort()).toEqual([a.id, b.id].sort());
    const again = await h.s.store.upsertSharingGroup({ uuid: sg.uuid, name: 'Group 2', description: 'd', orgs: [{ name: 'B' }] });
    expect(again).toMatchObject({ id: sg.id, name: 'Group 2', description: 'd', orgIds: [b.id] });
    expect(await h.s.store.sharingGroupIdsForOrg(a.id)).toEqual([]);
    expect(await h.s.store.sharingGroupIdsForOrg(b.id)).toEqual([sg.id]);
    expect((await h.s.store.listSharingGroups()).map((g) => g.uuid)).toEqual([sg.uuid]);
  });

  it('ensures organisations idempotently and finds them by id, uuid or name', async () => {
    const a = await h.s.store.ensureOrg({ name: 'Org A' });
    expect(await h.s.store.ensureOrg({ name: 'Org A' })).toEqual(a);
    expect(await h.s.store.getOrg(a.id)).toEqual(a);
    expect(await h.s.store.getOrg(a.uuid)).toEqual(a);
    expect(await h.s.store.getOrg('Org A')).toEqual(a);
    expect(await h.s.store.getOrg('nobody')).toBeNull();
    expect((await h.s.store.listOrgs()).map((o) => o.name)).toEqual(['Org A']);
    expect(await h.s.store.ownerOrgIds()).toEqual([]);
    await h.s.store.saveEvents([event([attr('domain', 'owned.example')])], a.id);
    expect(await h.s.store.ownerOrgIds()).toEqual([a.id]);
  });

  it('deletes events with their index entries', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const ev = event([attr('ip-dst', '45.1.0.0/16'), attr('domain', 'del.example')]);
    await h.s.store.saveEvents([ev], org.id);
    const viewer = { orgId: org.id, sharingGroupIds: [] };
    expect(await h.s.store.deleteEvent(ev.uuid)).toBe(true);
    expect(await h.s.store.deleteEvent(ev.uuid)).toBe(false);
    expect(await h.s.store.lookup({ keys: ['del.example'], ipPoints: ['00000000000000000000ffff2d010203'], ipRanges: [] }, viewer)).toHaveLength(0);
    expect(await h.s.store.counts()).toMatchObject({ events: 0, attributes: 0 });
  });

  it('rolls back the whole batch when one event fails', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const good = event([attr('domain', 'good.example')]);
    const bad = event([attr('domain', 'bad.example', { type: null as unknown as string })]);
    await expect(h.s.store.saveEvents([good, bad], org.id)).rejects.toThrow();
    expect(await h.s.store.counts()).toMatchObject({ events: 0, attributes: 0 });
  });
}
