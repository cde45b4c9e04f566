/**
 * §3 signed searcher assertions, on real HTTP: with the hub key pinned, the node's `search` key alone
 * identifies only the hub; the organisation comes from the signed assertion, which is refused when forged,
 * replayed, expired, altered, or made for another node. Then through a real hub: the hub signs every call.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederationSearchResponse, type HitLogEntry } from '../../contracts/federation.ts';
import { nodeIdForKey, plainRequestDigest } from '../../core/blind/plain-request.ts';
import { hubSigner, type HubSigner } from '../../hub/blind/hub-signer.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { attr, call, event, sharingGroup } from '../test-support.ts';
import { UNVERIFIED_SEARCHER } from './plain-searcher.ts';

const AMBER_VALUE = '45.77.0.10';
const GREEN_VALUE = '45.77.0.20';

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`signed searcher assertions (${db})`, () => {
    let t: TestNode;
    let hubKey: string;
    let pinnedKey: string;
    let reader: string;
    let signer: HubSigner;
    let clock = Math.floor(Date.now() / 1000);
    const values = [{ type: 'ip-dst', value: AMBER_VALUE }, { type: 'ip-dst', value: GREEN_VALUE }, { type: 'ip-dst', value: '9.9.9.9' }];
    const kinds = ['exact'];
    const body = (searchId: string, name: string, vs = values) => ({ searchId, searcher: { name }, values: vs, kinds });
    const signed = (b: ReturnType<typeof body>, opts: { s?: HubSigner; key?: string; org?: string } = {}) => ({
      ...b,
      assertion: (opts.s ?? signer).sign({ searchId: b.searchId, searcherOrg: opts.org ?? 'org-uuid-' + b.searcher.name, node: nodeIdForKey(opts.key ?? pinnedKey), valuesDigest: plainRequestDigest(b) }),
    });
    const search = async (b: unknown, key = pinnedKey) => call(`${t.url}/federation/v1/search`, key, 'POST', b);
    const hitValues = (json: unknown) => FederationSearchResponse.parse(json).results.map((r) => values[r.index]!.value);

    beforeAll(async () => {
      t = await startTestNode({ db, orgName: 'Owner' });
      signer = hubSigner(randomBytes(32), { now: () => clock });
      hubKey = await t.createKey('renkei-hub', 'search');
      const k = await t.node.keys.create({ org: 'renkei-hub', role: 'search' });
      pinnedKey = k.key;
      await t.node.blind.pinHub(k.info.id, signer.publicKey);
      reader = await t.createKey('Owner', 'reader');
      await t.store.ensureOrg({ name: 'Partner' });
      await t.store.ensureOrg({ name: 'Stranger' });
      const sg = sharingGroup('owner+partner', ['Owner', 'Partner']);
      await t.store.saveEvents(
        [
          event('amber for partner', [attr('ip-dst', AMBER_VALUE)], { tlp: 'amber', distribution: 4, sharingGroup: sg }),
          event('community', [attr('ip-dst', GREEN_VALUE)], { tlp: 'green', distribution: 3 }),
        ],
        t.ownerOrg.id,
      );
    });
    afterAll(async () => t?.close());

    it('serves the asserted organisation its data, and logs the hit under its name', async () => {
      const r = await search(signed(body('a-1', 'Partner')));
      expect(r.status).toBe(200);
      expect(hitValues(r.json)).toEqual([AMBER_VALUE, GREEN_VALUE]);
      const other = await search(signed(body('a-2', 'Stranger')));
      expect(hitValues(other.json)).toEqual([GREEN_VALUE]);
      const log = (await call(`${t.url}/federation/v1/hits?limit=100`, reader, 'GET')).json.hits as HitLogEntry[];
      expect(log.filter((h) => h.searchId === 'a-1').map((h) => [h.searcherOrg, h.value])).toEqual([['Partner', AMBER_VALUE], ['Partner', GREEN_VALUE]]);
    });

    it('refuses a pinned key without assertion, a forged one, a replay, an expired one, altered values and another node', async () => {
      const reason = (r: { status: number; json: any }) => [r.status, r.json?.error?.details?.reason];
      expect(reason(await search(body('b-0', 'Partner')))).toEqual([401, 'assertion_required']);
      const forger = hubSigner(randomBytes(32), { now: () => clock });
      expect(reason(await search(signed(body('b-1', 'Partner'), { s: forger })))).toEqual([401, 'bad_signature']);
      const once = signed(body('b-2', 'Partner'));
      expect((await search(once)).status).toBe(200);
      expect(reason(await search(once))).toEqual([401, 'replayed']);
      // Signed an hour ago (the signer's clock), presented now.
      clock -= 3600;
      const old = signed(body('b-3', 'Partner'));
      clock += 3600;
      expect(reason(await search(old))).toEqual([401, 'expired']);
      // The search key holder swaps the searcher (or the values) under a genuine assertion.
      const genuine = signed(body('b-4', 'Stranger'));
      expect(reason(await search({ ...genuine, searcher: { name: 'Partner' } }))).toEqual([401, 'digest_mismatch']);
      expect(reason(await search({ ...signed(body('b-5', 'Partner')), values: [{ type: 'ip-dst', value: AMBER_VALUE }] }))).toEqual([401, 'digest_mismatch']);
      // Made for another member's node (another search key): refused here.
      expect(reason(await search(signed(body('b-6', 'Partner'), { key: hubKey })))).toEqual([401, 'wrong_node']);
      const log = (await call(`${t.url}/federation/v1/hits?limit=1000`, reader, 'GET')).json.hits as HitLogEntry[];
      expect(log.filter((h) => ['b-0', 'b-1', 'b-3', 'b-4', 'b-5', 'b-6'].includes(h.searchId))).toEqual([]);
    });

    it('serves an unpinned search key as an unidentified community member, whatever org it names', async () => {
      const r = await search(body('c-1', 'Owner'), hubKey);
      expect(r.status).toBe(200);
      expect(hitValues(r.json)).toEqual([GREEN_VALUE]);
      const log = (await call(`${t.url}/federation/v1/hits?limit=1000`, reader, 'GET')).json.hits as HitLogEntry[];
      expect(log.filter((h) => h.searchId === 'c-1').map((h) => h.searcherOrg)).toEqual([UNVERIFIED_SEARCHER]);
    });

    it('refuses plain search from the hub when the node requires blind mode', async () => {
      await t.node.blind.setRequireBlind(true);
      try {
        const r = await search(signed(body('d-1', 'Partner')));
        expect([r.status, r.json.error.details.reason]).toEqual([403, 'blind_required']);
        expect((await search(body('d-2', 'Partner'), hubKey)).status).toBe(403);
      } finally {
        await t.node.blind.setRequireBlind(false);
      }
      expect((await search(signed(body('d-3', 'Partner')))).status).toBe(200);
    });
  });
}

describe('the hub signs every federated request', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startNetwork({
      members: [
        { name: 'Alpha', seed: [event('alpha amber', [attr('ip-dst', '45.88.0.1')], { tlp: 'amber', distribution: 0 }), event('alpha green', [attr('ip-dst', '45.88.0.2')], { tlp: 'green' })] },
        { name: 'Beta', seed: [] },
      ],
    });
  });
  afterAll(async () => net?.close());

  it('publishes its key, and nodes identify the searcher from the assertion', async () => {
    const key = (await (await fetch(`${net.hub.url}/api/v1/federation/hub-key`)).json()) as { algorithm: string; publicKey: string };
    expect(key.algorithm).toBe('Ed25519');
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const run = async (user: { key: string }) => {
      const r = await fetch(`${net.hub.url}/api/v1/searches`, { method: 'POST', headers: { authorization: `Bearer ${user.key}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ values: ['45.88.0.1', '45.88.0.2'] }) });
      expect(r.status).toBe(200);
      const done = { result: await r.json() };
      return done.result.results.map((v: { value: string; hits: Record<string, number> }) => [v.value, v.hits.Alpha ?? 0]);
    };
    // The owner's analyst sees its own distribution-0 AMBER through the hub; Beta's does not.
    expect(await run(net.users.Alpha!.analyst)).toEqual([['45.88.0.1', 1], ['45.88.0.2', 1]]);
    expect(await run(net.users.Beta!.analyst)).toEqual([['45.88.0.1', 0], ['45.88.0.2', 1]]);
    const hits = (await net.nodes.Alpha!.node.meta.listHits({ since: 0, limit: 100 })).map((h) => h.searcherOrg);
    expect(hits.sort()).toEqual(['Alpha', 'Alpha', 'Beta']);
  });
});
