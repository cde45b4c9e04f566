/** Contract: attribute and event searches, filters, pagination totals, iterateEvents. */
import { expect, it } from 'vitest';
import type { StoreHandle } from './store-handle.ts';
import { attr, event, object } from './fixtures.ts';

export function readContract(h: StoreHandle): void {
  async function seed() {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const viewer = { orgId: org.id, sharingGroupIds: [] as number[] };
    const e1 = event(
      [
        attr('ip-dst|port', '203.0.114.1|443'),
        attr('domain', 'one.example', { toIds: false, tags: [{ name: 'phase:recon' }] }),
        attr('md5', 'd'.repeat(32), { category: 'Payload delivery', timestamp: 1_700_000_500 }),
      ],
      { date: '2024-01-10', tags: [{ name: 'tlp:clear' }], publishTimestamp: 1_700_000_000 },
    );
    const e2 = event([attr('url', 'http://two.example/x'), attr('domain', 'two.example', { tags: [{ name: 'tlp:amber' }] })], {
      date: '2024-03-01',
      tags: [{ name: 'tlp:green' }, { name: 'campaign:x' }],
      published: false,
      publishTimestamp: 1_710_000_000,
    });
    await h.s.store.saveEvents([e1, e2], org.id);
    return { org, viewer, e1, e2 };
  }

  it('filters attributes by values (incl. composite halves), types, tags, to_ids, dates and TLP', async () => {
    const { viewer, e1 } = await seed();
    const vals = async (q: Parameters<typeof h.s.store.searchAttributes>[0]) =>
      (await h.s.store.searchAttributes(q, viewer)).items.map((i) => i.attribute.value).sort();
    expect(await vals({ values: ['203.0.114.1'] })).toEqual(['203.0.114.1|443']);
    expect(await vals({ values: ['%.example'] })).toEqual(['one.example', 'two.example']);
    expect(await vals({ values: ['%.EXAMPLE'] })).toEqual(['one.example', 'two.example']);
    // MISP patterns: LIKE over value1 or value2 of a composite; `_` is one character; a `%` inside is literal.
    expect(await vals({ values: ['203.0.114._%'] })).toEqual(['203.0.114.1|443']);
    expect(await vals({ values: ['%.1'] })).toEqual(['203.0.114.1|443']);
    expect(await vals({ values: ['203.0.114._'] })).toEqual([]);
    expect(await vals({ values: ['one%example'] })).toEqual([]);
    expect(await vals({ values: ['%two.example%'], notValues: ['%/x'] })).toEqual(['two.example']);
    expect(await vals({ types: ['domain'], notValues: ['one.example'] })).toEqual(['two.example']);
    expect(await vals({ notTypes: ['domain', 'url', 'md5'] })).toEqual(['203.0.114.1|443']);
    expect(await vals({ categories: ['Payload delivery'] })).toEqual(['d'.repeat(32)]);
    expect(await vals({ tags: ['campaign:x'] })).toEqual(['http://two.example/x', 'two.example']);
    expect(await vals({ tags: ['PHASE:RECON'] })).toEqual(['one.example']);
    expect(await vals({ notTags: ['tlp:clear'] })).toEqual(['http://two.example/x', 'two.example']);
    expect(await vals({ toIds: false })).toEqual(['one.example']);
    expect(await vals({ published: false, types: ['url'] })).toEqual(['http://two.example/x']);
    expect(await vals({ eventUuids: [e1.uuid], dateFrom: '2024-01-01', dateTo: '2024-01-31' })).toHaveLength(3);
    expect(await vals({ timestampFrom: 1_700_000_400 })).toEqual(['d'.repeat(32)]);
    expect(await vals({ publishFrom: 1_705_000_000 })).toHaveLength(2);
    expect(await vals({ maxTlp: 'green' })).toEqual(['203.0.114.1|443', 'd'.repeat(32), 'http://two.example/x', 'one.example']);
    expect(await vals({ maxTlp: 'clear' })).toHaveLength(3);
  });

  it('finds attributes by object (id, uuid, any object) and events by the objects they hold, only as the viewer may see them', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const other = await h.s.store.ensureOrg({ name: 'Other' });
    const owner = { orgId: org.id, sharingGroupIds: [] as number[] };
    const outsider = { orgId: other.id, sharingGroupIds: [] as number[] };
    const shared = object('domain-ip', [attr('domain', 'obj-a.example'), attr('ip-dst', '203.0.114.20')]);
    const ownOnly = object('file', [attr('md5', 'e'.repeat(32))], { distribution: 0 });
    const e = event([attr('domain', 'loose.example')], { objects: [shared, ownOnly] });
    await h.s.store.saveEvents([e], org.id);
    const full = (await h.s.store.getEvent(e.uuid, owner))!;
    const idOf = (uuid: string) => full.objects.find((o) => o.uuid === uuid)!.id;
    const vals = async (q: Parameters<typeof h.s.store.searchAttributes>[0], v = owner) => (await h.s.store.searchAttributes(q, v)).items.map((i) => i.attribute.value).sort();
    expect(await vals({ objectIds: [idOf(shared.uuid)] })).toEqual(['203.0.114.20', 'obj-a.example']);
    expect(await vals({ objectUuids: [ownOnly.uuid] })).toEqual(['e'.repeat(32)]);
    expect(await vals({ inObject: true })).toEqual(['203.0.114.20', 'e'.repeat(32), 'obj-a.example']);
    expect(await vals({ inObject: true }, outsider)).toEqual(['203.0.114.20', 'obj-a.example']);
    expect(await vals({ objectUuids: [ownOnly.uuid] }, outsider)).toEqual([]);
    const evs = async (q: Parameters<typeof h.s.store.searchEvents>[0]) => (await h.s.store.searchEvents(q, owner)).items.map((x) => x.uuid);
    expect(await evs({ objectUuids: [shared.uuid] })).toEqual([e.uuid]);
    expect(await evs({ objectIds: [idOf(ownOnly.uuid)] })).toEqual([e.uuid]);
    expect(await evs({ objectIds: [999_999] })).toEqual([]);
  });

  it('paginates with honest totals and no overlap', async () => {
    const org = await h.s.store.ensureOrg({ name: 'Owner' });
    const viewer = { orgId: org.id, sharingGroupIds: [] };
    const evs = Array.from({ length: 5 }, (_, i) => event(Array.from({ length: 9 }, (_, j) => attr('domain', `p${i}-${j}.example`))));
    await h.s.store.saveEvents(evs, org.id);
    const seen = new Set<string>();
    for (let offset = 0; offset < 60; offset += 7) {
      const page = await h.s.store.searchAttributes({ limit: 7, offset }, viewer);
      expect(page.total).toBe(45);
      for (const i of page.items) seen.add(i.attribute.uuid);
    }
    expect(seen.size).toBe(45);
    const evPage = await h.s.store.searchEvents({ limit: 2, offset: 4 }, viewer);
    expect(evPage.total).toBe(5);
    expect(evPage.items).toHaveLength(1);
  });

  it('searches events by values, tags, dates and publication', async () => {
    const { viewer, e1, e2 } = await seed();
    const uuids = async (q: Parameters<typeof h.s.store.searchEvents>[0]) => (await h.s.store.searchEvents(q, viewer)).items.map((e) => e.uuid);
    expect(await uuids({ values: ['443'] })).toEqual([e1.uuid]);
    expect(await uuids({ tags: ['campaign:x'] })).toEqual([e2.uuid]);
    expect(await uuids({ notTags: ['campaign:x'] })).toEqual([e1.uuid]);
    expect(await uuids({ dateFrom: '2024-02-01' })).toEqual([e2.uuid]);
    expect(await uuids({ published: true })).toEqual([e1.uuid]);
    expect(await uuids({ publishFrom: 1_705_000_000 })).toEqual([e2.uuid]);
    expect(await uuids({ maxTlp: 'clear' })).toEqual([e1.uuid]);
    expect(await uuids({ uuids: [e2.uuid, e1.uuid] })).toEqual([e1.uuid, e2.uuid]);
  });

  it('iterates every visible event in id order, honouring maxTlp', async () => {
    const { org, e1, e2 } = await seed();
    const other = await h.s.store.ensureOrg({ name: 'Other' });
    const got: string[] = [];
    for await (const f of h.s.store.iterateEvents({ orgId: org.id, sharingGroupIds: [] }, { batchSize: 1 })) got.push(f.event.uuid);
    expect(got).toEqual([e1.uuid, e2.uuid]);
    const clear: Array<[string, number]> = [];
    for await (const f of h.s.store.iterateEvents({ orgId: other.id, sharingGroupIds: [] }, { maxTlp: 'green' })) clear.push([f.event.uuid, f.attributes.length]);
    // e2's amber attribute is withheld from another organisation and by the TLP ceiling.
    expect(clear).toEqual([[e1.uuid, 3], [e2.uuid, 1]]);
    const anon: string[] = [];
    for await (const f of h.s.store.iterateEvents({ orgId: null, sharingGroupIds: [] })) anon.push(f.event.uuid);
    expect(anon).toEqual([e1.uuid]);
  });
}
