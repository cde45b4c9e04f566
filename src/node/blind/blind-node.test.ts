/**
 * The owner node's blind slice on real HTTP and both engines: token sets per audience the asserted
 * searcher sees, incremental updates by delta, the budget, sealed contexts into the owner hit log,
 * require-blind, and a node answering with another key than it published being caught by the proof.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindSearch, TokenSetCache, type BlindTransport } from '../../client/blind/blind-searcher.ts';
import type { HitLogEntry } from '../../contracts/federation.ts';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { createVoprf, type Voprf } from '../../core/blind/voprf.ts';
import type { SearchValue } from '../../core/matching/plan.ts';
import { nodeRelay } from '../../hub/blind/node-relay.ts';
import { enrolHub, type EnrolledHub } from '../../testkit/hub-enrolment.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';
import { attr, call, event, sharingGroup } from '../test-support.ts';

const KINDS = ['exact', 'composite', 'url-host', 'subdomain', 'cidr'] as const;
const CANARY = 'canary-7f3a9b.blind-miss.example';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`blind search at the owner node (${db})`, () => {
    let t: TestNode;
    let hub: EnrolledHub;
    let voprf: Voprf;
    let n = 0;
    const transport = (org: string): BlindTransport => {
      const relay = () => nodeRelay({ url: t.url, apiKey: hub.key, verifyTls: true, caFile: null }, hub.signer, { searchId: `s-${org}-${n}`, orgUuid: `uuid-${org}`, orgName: org });
      return { sets: (_m, have) => relay().sets(have), evaluate: (_m, e, b) => relay().evaluate(e, b), context: (_m, e, s) => relay().context(e, s) };
    };
    const search = async (org: string, values: SearchValue[], cache?: TokenSetCache, tr = transport(org)) => {
      n++;
      const [r] = await blindSearch(voprf, tr, ['Owner'], values, KINDS, { searchId: `s-${org}-${n}`, ...(cache ? { cache } : {}) });
      return r!;
    };
    const summary = (values: SearchValue[], hits: { match: string; attribute: { value: string } }[][]) =>
      Object.fromEntries(values.map((v, i): [string, string[]] => [v.value, (hits[i] ?? []).map((h) => `${h.match}:${h.attribute.value}`).sort()]).filter((e) => e[1].length > 0));

    const VALUES: SearchValue[] = [
      { type: 'ip-dst', value: '45.9.0.1' }, // green exact
      { type: 'hostname', value: 'www.c2.blind-test.com' }, // green subdomain
      { type: 'ip-dst', value: '45.9.0.2' }, // green composite half
      { type: 'ip-dst', value: '45.10.7.7' }, // inside green /16
      { type: 'ip-dst', value: '45.9.0.3' }, // AMBER for Owner+Partner
      { type: 'ip-dst', value: '45.9.0.9' }, // RED
      { type: 'domain', value: CANARY }, // miss
    ];

    beforeAll(async () => {
      voprf = createVoprf(await loadSodiumGroup());
      t = await startTestNode({ db, orgName: 'Owner', config: { blindMinSetSize: 64, blindRefreshSeconds: 0, blindBudgetPerDay: 200 } });
      hub = await enrolHub(t);
      await t.store.ensureOrg({ name: 'Partner' });
      const sg = sharingGroup('owner+partner', ['Owner', 'Partner']);
      await t.store.saveEvents(
        [
          event('c2', [attr('ip-dst', '45.9.0.1'), attr('domain', 'c2.blind-test.com'), attr('ip-dst|port', '45.9.0.2|8080'), attr('ip-dst', '45.10.0.0/16')], { tlp: 'green' }),
          event('partner amber', [attr('ip-dst', '45.9.0.3')], { tlp: 'amber', distribution: 4, sharingGroup: sg }),
          event('secret', [attr('ip-dst', '45.9.0.9')], { tlp: 'red' }),
        ],
        t.ownerOrg.id,
      );
    });
    afterAll(async () => t?.close());

    it('finds what each searcher may see, logs hits for the owner, and never non-hits', async () => {
      const partner = await search('Partner', VALUES);
      expect(partner.status).toBe('ok');
      expect(summary(VALUES, partner.hits)).toEqual({
        '45.9.0.1': ['exact:45.9.0.1'],
        'www.c2.blind-test.com': ['subdomain:c2.blind-test.com'],
        '45.9.0.2': ['composite:45.9.0.2|8080'],
        '45.10.7.7': ['cidr:45.10.0.0/16'],
        '45.9.0.3': ['exact:45.9.0.3'],
      });
      const stranger = await search('Stranger', VALUES);
      expect(Object.keys(summary(VALUES, stranger.hits))).toEqual(['45.9.0.1', 'www.c2.blind-test.com', '45.9.0.2', '45.10.7.7']);
      const log = await t.node.meta.listHits({ since: 0, limit: 1000 });
      const partnerLog = log.filter((h: HitLogEntry) => h.searcherOrg === 'Partner').map((h) => h.attributeUuid);
      expect(partnerLog).toHaveLength(5);
      expect(log.filter((h) => h.searcherOrg === 'Stranger')).toHaveLength(4);
      const everything = JSON.stringify([log, await t.node.meta.listAudit({ limit: 1000 })]);
      expect(everything).not.toContain(CANARY);
      expect(everything).not.toContain('45.9.0.9');
    });

    it('updates token sets incrementally: new data evaluates only new inputs and reaches a cached searcher as a delta', async () => {
      const cache = new TokenSetCache();
      const v = [{ type: 'domain', value: 'late-arrival.blind-test.com' }];
      expect((await search('Partner', v, cache)).hits[0]).toEqual([]);
      await t.store.saveEvents([event('late', [attr('domain', 'late-arrival.blind-test.com')], { tlp: 'green' })], t.ownerOrg.id);
      const report = await t.node.blind.refresh();
      expect(report.evaluated).toBe(2); // exact + subdomain of the one new value
      let sawDelta = false;
      const tr = transport('Partner');
      const spy: BlindTransport = { ...tr, sets: async (m, have) => { const r = await tr.sets(m, have); sawDelta ||= r.sets.some((s) => s.deltas !== undefined && s.deltas.length > 0); return r; } };
      const after = await search('Partner', v, cache, spy);
      expect(sawDelta).toBe(true);
      expect(after.hits[0]!.map((h) => h.attribute.value)).toEqual(['late-arrival.blind-test.com']);
      expect((await t.node.blind.refresh()).evaluated).toBe(0);
    });

    it('catches a node that answers with another key than the one its sets were published with', async () => {
      const tr = transport('Partner');
      const other = createVoprf(await loadSodiumGroup()).generateKeyPair();
      const lying: BlindTransport = {
        ...tr,
        sets: async (m, have) => {
          const r = await tr.sets(m, have);
          return { ...r, sets: r.sets.map((s) => ({ ...s, descriptor: { ...s.descriptor, publicKey: Buffer.from(other.publicKey).toString('base64url') } })) };
        },
      };
      const r = await search('Partner', VALUES.slice(0, 1), undefined, lying);
      expect(r.status).toBe('proof_failed');
      expect(r.hits).toEqual([[]]);
    });

    it('charges a budget per searching organisation and refuses the whole batch beyond it', async () => {
      const many = Array.from({ length: 150 }, (_, i) => ({ type: 'sha256', value: i.toString(16).padStart(64, 'a') }));
      expect((await search('Budget Org', many)).status).toBe('ok');
      const over = await search('Budget Org', many);
      expect(over.status).toBe('error');
      expect(over.error).toMatch(/budget/);
      expect((await search('Another Org', many.slice(0, 10))).status).toBe('ok');
    });

    it('with require-blind, refuses plain federated search but still answers blind', async () => {
      await t.node.blind.setRequireBlind(true);
      try {
        const plain = await call(`${t.url}/federation/v1/search`, hub.key, 'POST', hub.sign({ searchId: 'p', searcher: { name: 'Partner' }, values: [{ type: 'ip-dst', value: '45.9.0.1' }] }));
        expect([plain.status, plain.json.error.details.reason]).toEqual([403, 'blind_required']);
        expect(summary(VALUES.slice(0, 1), (await search('Partner', VALUES.slice(0, 1))).hits)).toEqual({ '45.9.0.1': ['exact:45.9.0.1'] });
      } finally {
        await t.node.blind.setRequireBlind(false);
      }
    });
  });
}
