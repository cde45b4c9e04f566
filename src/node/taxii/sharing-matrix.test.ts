/**
 * Role × TLP matrix for the TAXII path: what each caller gets over TAXII must equal the sharing rule
 * `canView` and what the intel store's search path returns for the same (mirrored) indicators.
 * TLP:RED never leaves the owner; AMBER and AMBER+STRICT only reach the sharing group's organisations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canView } from '../../core/sharing/access.ts';
import { TLP_LEVELS, type Tlp } from '../../core/sharing/tlp.ts';
import { TLP2_IDS } from '../../stix/tlp-markings.ts';
import { startTaxiiHarness, type TaxiiHarness } from './test-harness.ts';
import { get, post } from './conformance/endpoints.ts';

const ROOT = '/matrix/';
const COMMUNITY = '0d4b7bb2-3c5e-4b8a-9a53-3a1c7f4d2e01';
const GROUP = '0d4b7bb2-3c5e-4b8a-9a53-3a1c7f4d2e02';
const ip = (tlp: Tlp, coll: string) => `198.51.100.${TLP_LEVELS.indexOf(tlp) + (coll === GROUP ? 10 : 1)}`;
const indicatorId = (tlp: Tlp, coll: string) => `indicator--7f0e1c9a-1b2c-4d3e-8f40-${coll.slice(-2)}000000000${TLP_LEVELS.indexOf(tlp)}`;

/** Expected visibility, written out (and cross-checked against canView below). */
const EXPECTED: Record<string, Record<string, Tlp[]>> = {
  owner: { [COMMUNITY]: [...TLP_LEVELS], [GROUP]: [...TLP_LEVELS] },
  partner: { [COMMUNITY]: ['clear', 'green'], [GROUP]: ['clear', 'green', 'amber', 'amber+strict'] },
  outsider: { [COMMUNITY]: ['clear', 'green'], [GROUP]: [] },
};

describe.each(['sqlite', 'postgres'] as const)('TAXII sharing matrix (role × TLP, %s)', (kind) => {
  let h: TaxiiHarness;
  const callers: Record<string, { orgId: number; auth: string }> = {};
  let sgId = 0;
  beforeAll(async () => {
    h = await startTaxiiHarness(kind);
    callers.owner = await h.addUser('Owner CSIRT', 'publisher');
    callers.partner = await h.addUser('Partner SOC', 'reader');
    callers.outsider = await h.addUser('Outsider ISP', 'reader');
    callers.search = await h.addUser('Search Only', 'search');
    const sg = await h.store.upsertSharingGroup({ uuid: '5e2a1f3c-8d4b-4e6f-9a7b-1c2d3e4f5a6b', name: 'Owner+Partner', orgs: [{ name: 'Owner CSIRT' }, { name: 'Partner SOC' }] });
    sgId = sg.id;
    await h.taxii.upsertApiRoot({ name: 'matrix', title: 'Matrix', description: null, maxContentLength: 1 << 20 });
    const base = { apiRoot: 'matrix', description: null, alias: null, mediaTypes: [], defaultRead: true, defaultWrite: true };
    await h.taxii.upsertCollection({ ...base, id: COMMUNITY, title: 'Community', sharing: { distribution: 1, sharingGroupId: null, tlp: null } });
    await h.taxii.upsertCollection({ ...base, id: GROUP, title: 'Sharing group', sharing: { distribution: 4, sharingGroupId: sgId, tlp: null } });
    for (const coll of [COMMUNITY, GROUP]) {
      const objects = TLP_LEVELS.map((tlp) => ({
        type: 'indicator', spec_version: '2.1', id: indicatorId(tlp, coll), created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z',
        pattern: `[ipv4-addr:value = '${ip(tlp, coll)}']`, pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z', object_marking_refs: [TLP2_IDS[tlp]],
      }));
      const r = await post(h, `${ROOT}collections/${coll}/objects/`, { objects }, { auth: callers.owner.auth });
      expect(r.json.success_count).toBe(5);
    }
  });
  afterAll(async () => h?.close());

  for (const who of ['owner', 'partner', 'outsider'] as const) {
    for (const coll of [COMMUNITY, GROUP]) {
      it(`${who} × ${coll === GROUP ? 'sharing-group' : 'community'} collection`, async () => {
        const viewer = { orgId: callers[who]!.orgId, sharingGroupIds: who === 'outsider' ? [] : [sgId] };
        const byRule = TLP_LEVELS.filter((tlp) => canView(viewer, { ownerOrgId: callers.owner!.orgId, distribution: coll === GROUP ? 4 : 1, sharingGroupId: coll === GROUP ? sgId : null, tlp }));
        expect(byRule).toEqual(EXPECTED[who]![coll]);

        const auth = callers[who]!.auth;
        // A sharing group's collection is not disclosed outside the group.
        expect((await get(h, `${ROOT}collections/${coll}/`, { auth })).status).toBe(who === 'outsider' && coll === GROUP ? 404 : 200);
        const objects = (await get(h, `${ROOT}collections/${coll}/objects/`, { auth })).json.objects ?? [];
        const viaTaxii = TLP_LEVELS.filter((tlp) => objects.some((o) => o.id === indicatorId(tlp, coll)));
        expect(viaTaxii).toEqual(byRule);
        const manifest = (await get(h, `${ROOT}collections/${coll}/manifest/`, { auth })).json.objects ?? [];
        expect(manifest.map((m) => m.id)).toEqual(objects.map((o) => o.id));
        for (const tlp of TLP_LEVELS) {
          const one = await get(h, `${ROOT}collections/${coll}/objects/${indicatorId(tlp, coll)}/`, { auth });
          expect(one.status, tlp).toBe(byRule.includes(tlp) ? 200 : 404);
        }

        const values = TLP_LEVELS.map((tlp) => ip(tlp, coll));
        const found = await h.store.searchAttributes({ values }, viewer);
        const viaStore = TLP_LEVELS.filter((tlp) => found.items.some((x) => x.attribute.value === ip(tlp, coll)));
        expect(viaStore).toEqual(byRule);
      });
    }
  }

  it('a search-only key cannot read TAXII collections', async () => {
    expect((await get(h, `${ROOT}collections/${COMMUNITY}/objects/`, { auth: callers.search!.auth })).status).toBe(403);
    const list = await get(h, `${ROOT}collections/`, { auth: callers.search!.auth });
    expect((list.json.collections as { can_read: boolean }[]).every((c) => !c.can_read)).toBe(true);
  });

  it('a reader cannot write, and per-organisation rights override the collection defaults', async () => {
    const body = { objects: [] };
    expect((await post(h, `${ROOT}collections/${COMMUNITY}/objects/`, body, { auth: callers.partner!.auth })).status).toBe(403);
    await h.taxii.setRights(COMMUNITY, callers.outsider!.orgId, { canRead: false, canWrite: false });
    expect((await get(h, `${ROOT}collections/${COMMUNITY}/objects/`, { auth: callers.outsider!.auth })).status).toBe(403);
    await h.taxii.setRights(COMMUNITY, callers.outsider!.orgId, null);
    expect((await get(h, `${ROOT}collections/${COMMUNITY}/objects/`, { auth: callers.outsider!.auth })).status).toBe(200);
  });

  it('the owner deleting an object also hides nothing else; others cannot delete what they cannot see', async () => {
    const red = indicatorId('red', COMMUNITY);
    expect((await h.req('DELETE', `${ROOT}collections/${COMMUNITY}/objects/${red}/`, { auth: callers.partner!.auth })).status).toBe(403);
    const admin = await h.addUser('Outsider ISP', 'admin');
    expect((await h.req('DELETE', `${ROOT}collections/${COMMUNITY}/objects/${red}/`, { auth: admin.auth })).status).toBe(404);
    expect((await get(h, `${ROOT}collections/${COMMUNITY}/objects/${red}/`, { auth: callers.owner!.auth })).status).toBe(200);
  });
});
