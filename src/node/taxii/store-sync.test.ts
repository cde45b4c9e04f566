/**
 * Store-fed collections: events saved in the intel store appear over TAXII as STIX, each caller seeing
 * exactly what `canView` allows (the sharing rule of every other read path); updates add new versions;
 * narrower-shared attributes stay out; such collections are read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, event } from '../../storage/contract/fixtures.ts';
import { startTaxiiHarness, type TaxiiHarness } from './test-harness.ts';
import { ensureDefaultCollections, collectionId } from './defaults.ts';
import { syncStoreCollection } from './store-sync.ts';
import { get, post, TEST_OBJECT } from './conformance/endpoints.ts';

const patterns = (objects: Record<string, unknown>[] | undefined) =>
  (objects ?? []).filter((o) => o.type === 'indicator').map((o) => String(o.pattern)).sort();

describe.each(['sqlite', 'postgres'] as const)('store-fed TAXII collections (%s)', (kind) => {
  let h: TaxiiHarness;
  const who: Record<string, { orgId: number; auth: string }> = {};
  const eventUuids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startTaxiiHarness(kind, { plugin: { storeSyncIntervalMs: 0 } });
    who.owner = await h.addUser('Owner CSIRT', 'admin');
    who.partner = await h.addUser('Partner SOC', 'reader');
    who.outsider = await h.addUser('Outsider ISP', 'reader');
    const sg = { uuid: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Owner+Partner', orgs: [{ name: 'Owner CSIRT' }, { name: 'Partner SOC' }] };
    const green = event([attr('ip-dst', '203.0.113.1'), attr('domain', 'green.example'), attr('ip-dst', '203.0.113.99', { distribution: 0 })], { tags: [{ name: 'tlp:green' }], orgc: { name: 'Owner CSIRT' } });
    const red = event([attr('ip-dst', '203.0.113.2')], { tags: [{ name: 'tlp:red' }], orgc: { name: 'Owner CSIRT' } });
    const amber = event([attr('ip-dst', '203.0.113.3')], { tags: [{ name: 'tlp:amber' }], distribution: 4, sharingGroup: sg, orgc: { name: 'Owner CSIRT' } });
    Object.assign(eventUuids, { green: green.uuid, red: red.uuid, amber: amber.uuid });
    await h.store.saveEvents([green, red, amber], who.owner.orgId);
    await ensureDefaultCollections(h.taxii, h.store);
  });
  afterAll(async () => h?.close());

  const all = `/default/collections/${collectionId('default', 'all')}/objects/`;
  const community = `/default/collections/${collectionId('default', 'community')}/objects/`;

  it('each caller sees what the sharing rule allows, in every collection', async () => {
    const ip = (v: string) => `[ipv4-addr:value = '${v}']`;
    expect(patterns((await get(h, all, { auth: who.owner!.auth })).json.objects)).toEqual([ip('203.0.113.1'), ip('203.0.113.2'), ip('203.0.113.3'), "[domain-name:value = 'green.example']"].sort());
    expect(patterns((await get(h, all, { auth: who.partner!.auth })).json.objects)).toEqual([ip('203.0.113.1'), ip('203.0.113.3'), "[domain-name:value = 'green.example']"].sort());
    expect(patterns((await get(h, all, { auth: who.outsider!.auth })).json.objects)).toEqual([ip('203.0.113.1'), "[domain-name:value = 'green.example']"].sort());
    expect(patterns((await get(h, community, { auth: who.owner!.auth })).json.objects)).toEqual([ip('203.0.113.1'), "[domain-name:value = 'green.example']"].sort());
    const sgColl = (await get(h, '/default/collections/', { auth: who.partner!.auth })).json.collections as { id: string; title: string }[];
    const sgId = sgColl.find((c) => c.title.startsWith('Sharing group'))!.id;
    expect(patterns((await get(h, `/default/collections/${sgId}/objects/`, { auth: who.partner!.auth })).json.objects)).toEqual([ip('203.0.113.3')]);
    // Organisations outside the group do not even learn that its collection exists.
    expect((await get(h, `/default/collections/${sgId}/objects/`, { auth: who.outsider!.auth })).status).toBe(404);
    const listed = (await get(h, '/default/collections/', { auth: who.outsider!.auth })).json.collections as { id: string }[];
    expect(listed.map((c) => c.id)).not.toContain(sgId);
    expect(listed).toHaveLength(3);
  });

  it('an attribute shared more narrowly than its event is not published, not even as an SCO id', async () => {
    const everything = JSON.stringify((await get(h, `${all}?match[version]=all`, { auth: who.owner!.auth })).json);
    expect(everything).not.toContain('203.0.113.99');
    const scoIds = (await get(h, `${all}?match[type]=ipv4-addr`, { auth: who.owner!.auth })).json.objects!.map((o) => o.value);
    expect(scoIds.sort()).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
  });

  it('identities and TLP markings are published with the sharing of the events that use them', async () => {
    const r = await get(h, `${all}?match[type]=identity,marking-definition`, { auth: who.outsider!.auth });
    expect(r.json.objects!.map((o) => o.name).sort()).toEqual(['Owner CSIRT', 'TLP:GREEN']);
  });

  it('an updated event adds a new report version; re-syncing adds nothing', async () => {
    const full = await h.store.getEvent(eventUuids.green!, { orgId: who.owner!.orgId, sharingGroupIds: [] });
    expect(full).not.toBeNull();
    const domain = full!.attributes.find((a) => a.value === 'green.example')!;
    const updated = event([
      attr('ip-dst', '203.0.113.1', { uuid: full!.attributes.find((a) => a.value === '203.0.113.1')!.uuid }),
      attr('domain', 'green.example', { uuid: domain.uuid, deleted: true, timestamp: 1_700_000_500 }),
      attr('url', 'http://green.example/new', { timestamp: 1_700_000_500 }),
    ], {
      uuid: eventUuids.green!, timestamp: 1_700_000_500, tags: [{ name: 'tlp:green' }], orgc: { name: 'Owner CSIRT' },
    });
    await h.store.saveEvents([updated], who.owner!.orgId);
    const report = `report--${eventUuids.green}`;
    const versions = await get(h, `${all}${report}/versions/`, { auth: who.outsider!.auth });
    expect(versions.json.versions).toEqual(['2023-11-14T22:13:20.000Z', '2023-11-14T22:21:40.000Z']);
    // The attribute left out of the update is revoked for consumers.
    const dropped = `indicator--${domain.uuid}`;
    const revoked = await get(h, `${all}${dropped}/?match[version]=all`, { auth: who.outsider!.auth });
    expect(revoked.json.objects!.map((o) => [o.modified, o.revoked ?? false])).toEqual([['2023-11-14T22:13:20.000Z', false], ['2023-11-14T22:21:40.000Z', true]]);
    const again = await syncStoreCollection(h.store, h.taxii, (await h.taxii.getCollection('default', collectionId('default', 'all')))!);
    expect(again.added).toBe(0);
  });

  it('publishes an event imported later with an older timestamp, and converts unchanged events only once', async () => {
    const old = event([attr('ip-dst', '203.0.113.77', { timestamp: 1_500_000_000 })], { timestamp: 1_500_000_000, tags: [{ name: 'tlp:clear' }], orgc: { name: 'Owner CSIRT' } });
    await h.store.saveEvents([old], who.owner!.orgId);
    const r = await get(h, `${community}?match[type]=indicator`, { auth: who.outsider!.auth });
    expect(patterns(r.json.objects)).toContain("[ipv4-addr:value = '203.0.113.77']");
    const coll = (await h.taxii.getCollection('default', collectionId('default', 'community')))!;
    expect(await syncStoreCollection(h.store, h.taxii, coll, { full: true })).toEqual({ events: 0, added: 0 });
  });

  it('revokes the report and indicators of an event deleted from the store, once', async () => {
    const gone = event([attr('ip-dst', '203.0.113.150'), attr('domain', 'gone.example')], { timestamp: 1_700_001_000, tags: [{ name: 'tlp:green' }], orgc: { name: 'Owner CSIRT' } });
    await h.store.saveEvents([gone], who.owner!.orgId);
    const inds = async () =>
      ((await get(h, `${all}?match[type]=indicator,report`, { auth: who.outsider!.auth })).json.objects ?? []).filter(
        (o) => o.id === `report--${gone.uuid}` || gone.attributes.some((a) => o.id === `indicator--${a.uuid}`),
      );
    expect((await inds()).map((o) => o.revoked ?? false)).toEqual([false, false, false]);
    expect(await h.store.deleteEvent(gone.uuid)).toBe(true);
    const now = await inds();
    expect(now.map((o) => [String(o.id).split('--')[0], o.revoked]).sort()).toEqual([['indicator', true], ['indicator', true], ['report', true]]);
    // The revoked versions keep the event's sharing: an organisation that never saw it sees nothing now either.
    const hidden = event([attr('ip-dst', '203.0.113.151')], { tags: [{ name: 'tlp:red' }], orgc: { name: 'Owner CSIRT' } });
    await h.store.saveEvents([hidden], who.owner!.orgId);
    await get(h, all, { auth: who.owner!.auth });
    await h.store.deleteEvent(hidden.uuid);
    const seenByOutsider = JSON.stringify((await get(h, `${all}?match[version]=all`, { auth: who.outsider!.auth })).json);
    expect(seenByOutsider).not.toContain(hidden.uuid);
    expect(JSON.stringify((await get(h, `${all}report--${hidden.uuid}/`, { auth: who.owner!.auth })).json)).toContain('"revoked":true');
    const coll = (await h.taxii.getCollection('default', collectionId('default', 'all')))!;
    expect(await syncStoreCollection(h.store, h.taxii, coll, { full: true })).toEqual({ events: 0, added: 0 });
  });

  it('store-fed collections are read-only; submissions are writable and mirror into the store', async () => {
    expect((await post(h, all, { objects: [TEST_OBJECT] }, { auth: who.owner!.auth })).status).toBe(403);
    const sub = `/default/collections/${collectionId('default', 'submissions')}/objects/`;
    const ind = { type: 'indicator', spec_version: '2.1', id: 'indicator--0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3', created: '2024-02-01T00:00:00.000Z', modified: '2024-02-01T00:00:00.000Z', pattern: "[domain-name:value = 'submitted.example']", pattern_type: 'stix', valid_from: '2024-02-01T00:00:00Z' };
    const r = await post(h, sub, { objects: [ind] }, { auth: who.partner!.auth });
    expect(r.status).toBe(403); // readers may not write
    const pub = await h.addUser('Partner SOC', 'publisher');
    expect((await post(h, sub, { objects: [ind] }, { auth: pub.auth })).json.success_count).toBe(1);
    const found = await h.store.searchAttributes({ values: ['submitted.example'] }, { orgId: pub.orgId, sharingGroupIds: [] });
    expect(found.items.map((x) => [x.attribute.value, x.event.orgId])).toEqual([['submitted.example', pub.orgId]]);
  });
});
