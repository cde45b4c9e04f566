/**
 * Contract: every read path agrees with `canView` over a generated matrix of owners × distribution × TLP ×
 * sharing groups × attribute overrides, for fixed and randomly generated viewers.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { AttributeInput, Distribution, EventInput } from '../../core/model/event.ts';
import { canView, effectiveDistribution, type Viewer } from '../../core/sharing/access.ts';
import { stricterTlp, tlpOf, TLP_LEVELS } from '../../core/sharing/tlp.ts';
import type { StoreHandle } from './store-handle.ts';
import { attr, event, object, testUuid } from './fixtures.ts';

interface Truth {
  event: EventInput;
  ownerId: number;
  sgId: number | null;
  attrs: Array<{ a: AttributeInput; sgId: number | null; obj?: { distribution: Distribution; sgId: number | null } }>;
}

/** Objects restrict their attributes like an attribute's own distribution does. */
const OBJECT_VARIANTS: Array<{ distribution: Distribution; sg?: 1 | 2 }> = [
  { distribution: 0 },
  { distribution: 5 },
  { distribution: 1 },
  { distribution: 4, sg: 1 },
  { distribution: 4, sg: 2 },
];

const VARIANTS: Array<Partial<AttributeInput> & { sg?: 1 | 2 }> = [
  { distribution: 5 },
  { distribution: 0 },
  { distribution: 1 },
  { distribution: 3, tags: [{ name: 'tlp:clear' }] },
  { distribution: 4, sg: 1 },
  { distribution: 4, sg: 2, tags: [{ name: 'tlp:amber' }] },
  { distribution: 5, tags: [{ name: 'tlp:red' }] },
  { distribution: 2, tags: [{ name: 'tlp:amber+strict' }] },
];

export function visibilityContract(h: StoreHandle): void {
  it('agrees with canView on every read path over the visibility matrix', async () => {
    const store = h.s.store;
    const sg1 = await store.upsertSharingGroup({ uuid: testUuid(), name: 'sg1', orgs: [{ name: 'A' }, { name: 'C' }] });
    const sg2 = await store.upsertSharingGroup({ uuid: testUuid(), name: 'sg2', orgs: [{ name: 'B' }, { name: 'D' }] });
    const org = async (n: string) => (await store.ensureOrg({ name: n })).id;
    const [A, B, C, D, E] = [await org('A'), await org('B'), await org('C'), await org('D'), await org('E')];
    const sgInput = (n: 1 | 2) => ({ uuid: (n === 1 ? sg1 : sg2).uuid, name: `sg${n}`, orgs: n === 1 ? [{ name: 'A' }, { name: 'C' }] : [{ name: 'B' }, { name: 'D' }] });
    const truths: Truth[] = [];
    let n = 0;
    for (const owner of [A, B]) {
      const batch: EventInput[] = [];
      for (const dist of [0, 1, 2, 3, 4] as Distribution[]) {
        for (const tlp of [null, ...TLP_LEVELS]) {
          const sgN: 1 | 2 = owner === A ? 1 : 2;
          const attrs: Truth['attrs'] = VARIANTS.map((v) => {
            const { sg, ...rest } = v;
            return { a: attr('domain', `v${n++}.matrix-test.com`, { ...rest, sharingGroupUuid: sg ? (sg === 1 ? sg1 : sg2).uuid : null }), sgId: sg ? (sg === 1 ? sg1 : sg2).id : null };
          });
          const objects = OBJECT_VARIANTS.map((ov) => {
            const members = [attr('domain', `o${n++}.matrix-test.com`), attr('domain', `o${n++}.matrix-test.com`, { distribution: 1 })];
            const sgId = ov.sg ? (ov.sg === 1 ? sg1 : sg2).id : null;
            for (const a of members) attrs.push({ a, sgId: null, obj: { distribution: ov.distribution, sgId } });
            return object('domain-ip', members, { distribution: ov.distribution, sharingGroupUuid: ov.sg ? (ov.sg === 1 ? sg1 : sg2).uuid : null });
          });
          const objectAttrs = new Set(objects.flatMap((o) => o.attributes.map((a) => a.uuid)));
          const ev = event(attrs.filter((x) => !objectAttrs.has(x.a.uuid)).map((x) => x.a), {
            objects,
            distribution: dist,
            sharingGroup: dist === 4 ? sgInput(sgN) : null,
            tags: tlp ? [{ name: `tlp:${tlp}` }] : [],
          });
          batch.push(ev);
          truths.push({ event: ev, ownerId: owner, sgId: dist === 4 ? (sgN === 1 ? sg1 : sg2).id : null, attrs });
        }
      }
      await store.saveEvents(batch, owner);
    }

    const eventVisible = (v: Viewer, t: Truth) =>
      canView(v, { ownerOrgId: t.ownerId, distribution: t.event.distribution, sharingGroupId: t.sgId, tlp: tlpOf(t.event.tags) });
    const attrVisible = (v: Viewer, t: Truth, x: Truth['attrs'][number]) =>
      eventVisible(v, t) &&
      canView(v, {
        ownerOrgId: t.ownerId,
        ...effectiveDistribution({ distribution: x.a.distribution, sharingGroupId: x.sgId }, { distribution: t.event.distribution, sharingGroupId: t.sgId }),
        tlp: stricterTlp(tlpOf(t.event.tags), tlpOf(x.a.tags)),
      }) &&
      (x.obj === undefined ||
        canView(v, {
          ownerOrgId: t.ownerId,
          ...effectiveDistribution({ distribution: x.obj.distribution, sharingGroupId: x.obj.sgId }, { distribution: t.event.distribution, sharingGroupId: t.sgId }),
          tlp: tlpOf(t.event.tags),
        }));
    const allKeys = truths.flatMap((t) => t.attrs.map((x) => x.a.value));

    async function check(v: Viewer): Promise<void> {
      const wantAttrs = truths.flatMap((t) => t.attrs.filter((x) => attrVisible(v, t, x)).map((x) => x.a.uuid)).sort();
      const wantEvents = truths.filter((t) => eventVisible(v, t)).map((t) => t.event.uuid).sort();
      const page = await store.searchAttributes({ limit: 10_000 }, v);
      expect(page.total).toBe(wantAttrs.length);
      expect(page.items.map((i) => i.attribute.uuid).sort()).toEqual(wantAttrs);
      const rows = await store.lookup({ keys: allKeys, ipPoints: [], ipRanges: [] }, v);
      expect(rows.map((r) => r.attribute.uuid).sort()).toEqual(wantAttrs);
      const perEvent = new Map<number, number>();
      for (const i of page.items) perEvent.set(i.event.id, (perEvent.get(i.event.id) ?? 0) + 1);
      expect(await store.countAttributesByEvent({}, v)).toEqual(perEvent);
      const evs = await store.searchEvents({ limit: 10_000 }, v);
      expect(evs.items.map((e) => e.uuid).sort()).toEqual(wantEvents);
      const viaValues = await store.searchEvents({ values: allKeys.slice(0, 200), limit: 10_000 }, v);
      const wantViaValues = truths
        .filter((t) => t.attrs.some((x) => allKeys.slice(0, 200).includes(x.a.value) && attrVisible(v, t, x)))
        .map((t) => t.event.uuid)
        .sort();
      expect(viaValues.items.map((e) => e.uuid).sort()).toEqual(wantViaValues);
      const iterated: string[] = [];
      for await (const f of store.iterateEvents(v, { batchSize: 25 })) iterated.push(...f.attributes.map((a) => a.uuid));
      expect(iterated.sort()).toEqual(wantAttrs);
      const viewed: string[] = [];
      for (const t of truths.filter((x) => eventVisible(v, x))) viewed.push(...(await store.getEvent(t.event.uuid, v))!.attributes.map((a) => a.uuid));
      expect(viewed.sort()).toEqual(wantAttrs);
    }

    const viewers: Viewer[] = [
      { orgId: A, sharingGroupIds: [sg1.id] },
      { orgId: B, sharingGroupIds: [sg2.id] },
      { orgId: C, sharingGroupIds: [sg1.id] },
      { orgId: D, sharingGroupIds: [sg2.id] },
      { orgId: E, sharingGroupIds: [] },
      { orgId: C, sharingGroupIds: [sg1.id, sg2.id] },
      { orgId: null, sharingGroupIds: [] },
    ];
    for (const v of viewers) await check(v);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<number | null>(A, B, C, D, E, null), fc.subarray([sg1.id, sg2.id]), async (orgId, sgs) => check({ orgId, sharingGroupIds: sgs })),
      { numRuns: 12 },
    );
  });
}
