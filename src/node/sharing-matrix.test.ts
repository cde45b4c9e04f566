/**
 * The role × TLP × path matrix: every read path of the node (restSearch attributes/events, events/view, attributes/view,
 * events/index, csv/text/stix2 exports, federation search) shows each organisation exactly what the
 * sharing rule allows. TAXII's column is in `taxii/`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRole } from './principal.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { attr, call, event, sharingGroup } from './test-support.ts';
import { enrolHub, type EnrolledHub } from '../testkit/hub-enrolment.ts';

/** One value per case; the expected viewers follow the spec, not the implementation. */
const CASES = [
  { v: '45.1.0.1', name: 'red', tlp: 'red', dist: 1, sg: false, seen: ['Owner'] },
  { v: '45.1.0.2', name: 'amber in group', tlp: 'amber', dist: 4, sg: true, seen: ['Owner', 'Partner'] },
  { v: '45.1.0.3', name: 'amber to community', tlp: 'amber', dist: 1, sg: false, seen: ['Owner'] },
  { v: '45.1.0.4', name: 'amber+strict in group', tlp: 'amber+strict', dist: 4, sg: true, seen: ['Owner', 'Partner'] },
  { v: '45.1.0.5', name: 'green to community', tlp: 'green', dist: 1, sg: false, seen: ['Owner', 'Partner', 'Other'] },
  { v: '45.1.0.6', name: 'clear to all', tlp: 'clear', dist: 3, sg: false, seen: ['Owner', 'Partner', 'Other'] },
  { v: '45.1.0.7', name: 'green, own org only', tlp: 'green', dist: 0, sg: false, seen: ['Owner'] },
  { v: '45.1.0.8', name: 'no tlp, group', tlp: null, dist: 4, sg: true, seen: ['Owner', 'Partner'] },
] as const;
/** A RED attribute inside a GREEN community event. */
const RED_ATTR = '45.1.0.9';
const GREEN_SIBLING = '45.1.0.10';
const ALL = [...CASES.map((c) => c.v), RED_ATTR, GREEN_SIBLING];
const ORGS = ['Owner', 'Partner', 'Other'] as const;

function expected(org: string): string[] {
  const out: string[] = CASES.filter((c) => (c.seen as readonly string[]).includes(org)).map((c) => c.v);
  out.push(GREEN_SIBLING);
  if (org === 'Owner') out.push(RED_ATTR);
  return out.sort();
}

/** Federation answers go to the hub: TLP:RED stays home even for its owner. */
const RED_VALUES: readonly string[] = [...CASES.filter((c) => c.tlp === 'red').map((c) => c.v), RED_ATTR];
const expectedViaHub = (org: string): string[] => expected(org).filter((v) => !RED_VALUES.includes(v));

const ours = (values: Iterable<string>) => [...new Set([...values].filter((v) => ALL.includes(v)))].sort();

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`sharing rule on every node read path (${db})`, () => {
    let t: TestNode;
    const keys: Record<string, Partial<Record<NodeRole, string>>> = {};
    const uuids = new Map<string, string>();
    const attrUuids = new Map<string, string>();
    let hubKey: string;
    let enrolled: EnrolledHub;

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Owner' });
      for (const org of ORGS) {
        keys[org] = {};
        for (const role of ['admin', 'publisher', 'reader', 'search'] as const) keys[org]![role] = await t.createKey(org, role);
      }
      enrolled = await enrolHub(t, 'Hub');
      hubKey = enrolled.key;
      const sg = sharingGroup('trusted', ['Owner', 'Partner']);
      const events = CASES.map((c) =>
        event(c.name, [attr('ip-dst', c.v)], { ...(c.tlp ? { tlp: c.tlp } : {}), distribution: c.dist, sharingGroup: c.sg ? sg : null }),
      );
      events.push(event('green with a red attribute', [attr('ip-dst', RED_ATTR, { tags: [{ name: 'tlp:red' }] }), attr('ip-dst', GREEN_SIBLING)], { tlp: 'green' }));
      await t.store.saveEvents(events, t.ownerOrg.id);
      events.forEach((e, i) => uuids.set(i < CASES.length ? CASES[i]!.v : RED_ATTR, e.uuid));
      for (const e of events) for (const a of e.attributes) attrUuids.set(a.value, a.uuid);
      // Every organisation reports every value (also ones it cannot see): the store's sighting policy and the rule decide.
      await t.store.addSightings(ORGS.flatMap((o) => events.flatMap((e) => e.attributes.map((a) => ({ uuid: randomUUID(), attributeUuid: a.uuid, type: 0 as const, source: 'matrix', org: { name: o }, dateSighting: 1_700_000_500 })))));
    });
    afterAll(async () => t?.close());

    for (const org of ORGS) {
      for (const role of ['admin', 'publisher', 'reader'] as const) {
        describe(`${org} ${role}`, () => {
          const key = () => keys[org]![role]!;
          const post = (p: string, body: unknown) => call(`${t.url}${p}`, key(), 'POST', body);

          it('attributes/restSearch by value and unfiltered', async () => {
            const byValue = await post('/attributes/restSearch', { value: ALL });
            expect(ours(byValue.json.response.Attribute.map((a: any) => a.value))).toEqual(expected(org));
            const all = await post('/attributes/restSearch', {});
            expect(ours(all.json.response.Attribute.map((a: any) => a.value))).toEqual(expected(org));
          });

          it('events/restSearch, events/index and events/view', async () => {
            const ev = await post('/events/restSearch', { value: ALL });
            expect(ours(ev.json.response.flatMap((e: any) => e.Event.Attribute.map((a: any) => a.value)))).toEqual(expected(org));
            const evAll = await post('/events/restSearch', {});
            expect(ours(evAll.json.response.flatMap((e: any) => e.Event.Attribute.map((a: any) => a.value)))).toEqual(expected(org));
            const index = await post('/events/index', {});
            const visibleEvents = new Set(index.json.map((e: any) => e.uuid));
            const viewed: string[] = [];
            for (const [v, uuid] of uuids) {
              const r = await call(`${t.url}/events/view/${uuid}`, key(), 'GET');
              expect([200, 404]).toContain(r.status);
              expect(visibleEvents.has(uuid)).toBe(r.status === 200);
              if (r.status === 200) viewed.push(...r.json.Event.Attribute.map((a: any) => a.value));
              else expect(expected(org)).not.toContain(v);
            }
            expect(ours(viewed)).toEqual(expected(org));
          });

          it('attributes/view by uuid: 200 exactly for the attributes the rule shows, else 404', async () => {
            const shown: string[] = [];
            for (const uuid of attrUuids.values()) {
              const r = await call(`${t.url}/attributes/view/${uuid}`, key(), 'GET');
              expect([200, 404]).toContain(r.status);
              if (r.status === 200) shown.push(r.json.Attribute.value);
            }
            expect(ours(shown)).toEqual(expected(org));
          });

          it('sightings/restSearch (everything, and by attribute) shows sightings of visible attributes only', async () => {
            const all = await post('/sightings/restSearch', { source: 'matrix' });
            expect(ours(all.json.response.map((x: any) => x.Sighting.value))).toEqual(expected(org));
            // MISP's default policy: the event owner sees every organisation's sightings, others their own.
            const reporters = [...new Set(all.json.response.map((x: any) => x.Sighting.Organisation.name))].sort();
            expect(reporters).toEqual(org === 'Owner' ? [...ORGS].sort() : [org]);
            const red = await post('/sightings/restSearch/attribute', { id: attrUuids.get(RED_ATTR) });
            expect(red.status).toBe(org === 'Owner' ? 200 : 404);
          });

          it('csv, text and stix2 exports', async () => {
            const csv = await post('/attributes/restSearch', { returnFormat: 'csv', value: ALL });
            expect(ours(ALL.filter((v) => csv.text.includes(`"${v}"`)))).toEqual(expected(org));
            const text = await post('/attributes/restSearch', { returnFormat: 'text', value: ALL });
            expect(ours(text.text.trim().split('\n'))).toEqual(expected(org));
            const evCsv = await post('/events/restSearch', { returnFormat: 'csv' });
            expect(ours(ALL.filter((v) => evCsv.text.includes(`"${v}"`)))).toEqual(expected(org));
            const stix = await post('/attributes/restSearch', { returnFormat: 'stix2', value: ALL });
            const json = JSON.stringify(stix.json);
            expect(ours(ALL.filter((v) => json.includes(`'${v}'`) || json.includes(`"${v}"`)))).toEqual(expected(org));
            const evStix = JSON.stringify((await post('/events/restSearch', { returnFormat: 'stix2' })).json);
            expect(ours(ALL.filter((v) => evStix.includes(`"${v}"`)))).toEqual(expected(org));
          });
        });
      }

      it(`${org} search key: restSearch by value only, same visibility; no event paths`, async () => {
        const key = keys[org]!.search!;
        const r = await call(`${t.url}/attributes/restSearch`, key, 'POST', { value: ALL });
        expect(ours(r.json.response.Attribute.map((a: any) => a.value))).toEqual(expected(org));
        expect((await call(`${t.url}/attributes/restSearch`, key, 'POST', {})).status).toBe(403);
        expect((await call(`${t.url}/events/restSearch`, key, 'POST', {})).status).toBe(403);
        expect((await call(`${t.url}/events/index`, key, 'POST', {})).status).toBe(403);
        expect((await call(`${t.url}/events/view/${uuids.get(CASES[5].v)}`, key, 'GET')).status).toBe(403);
      });

      it(`federation search for searcher ${org} (asked by the hub's key) follows the searcher, not the hub, and never carries RED`, async () => {
        const r = await call(`${t.url}/federation/v1/search`, hubKey, 'POST', enrolled.sign({
          searchId: `matrix-${org}`, searcher: { name: org }, values: ALL.map((value) => ({ type: 'ip-dst', value })),
        }));
        expect(r.status).toBe(200);
        const hitValues = r.json.results.flatMap((x: any) => x.hits.map((h: any) => h.attribute.value));
        expect(ours(hitValues)).toEqual(expectedViaHub(org));
      });
    }

    it('federation search for an organisation unknown to the node sees only community data', async () => {
      const r = await call(`${t.url}/federation/v1/search`, hubKey, 'POST', enrolled.sign({
        searchId: 'matrix-stranger', searcher: { name: 'Stranger' }, values: ALL.map((value) => ({ type: 'ip-dst', value })),
      }));
      expect(ours(r.json.results.flatMap((x: any) => x.hits.map((h: any) => h.attribute.value)))).toEqual(expectedViaHub('Other'));
    });
  });
}
