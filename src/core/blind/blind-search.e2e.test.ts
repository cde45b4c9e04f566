/**
 * The whole blind protocol in one process on real IOC data: two owners (real SQLite stores for the plain
 * reference, token tables for blind mode), a hub that signs assertions and relays JSON, one searcher.
 * Blind hits per value must equal the plain search's, and nothing a non-hit value becomes reaches an owner.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlindContextRequest, BlindContextResponse, decodeContextRequestBody, decodeContextResponseBody, decodeSealed, encodeContextRequestBody, encodeContextResponseBody, encodeSealed } from '../../contracts/blind/context.ts';
import { BlindEvaluateRequest, BlindEvaluateResponse } from '../../contracts/blind/evaluate.ts';
import { decodeTokenSet, encodeTokenSet } from '../../contracts/blind/token-set.ts';
import { decodeBytes, encodeBytes } from '../../contracts/blind/bytes.ts';
import type { HitContext } from '../../contracts/federation.ts';
import { MATCH_KINDS, type MatchKind } from '../matching/lookup-types.ts';
import { normalize } from '../indicators/normalize.ts';
import { classifyRows } from '../matching/classify.ts';
import { planLookup, type SearchValue } from '../matching/plan.ts';
import { createTestStore, type TestStore } from '../../testkit/store-factory.ts';
import { newNonce, signAssertion, valuesDigest, MemoryReplayCache } from './assertion.ts';
import { DEFAULT_BUDGET, MemoryBudgetLedger } from './budget.ts';
import { classifyBlindHits } from './classify.ts';
import { deriveEpochKeys, epochAt, type EpochKeys } from './epoch.ts';
import { loadSodiumGroup } from './group-sodium.ts';
import { answerContext, evaluateBlinded, type BlindNodeContext } from './node-side.ts';
import { OwnerTokenTable } from './owner-table.ts';
import { matchNode, openContextResponse, prepareBlindQuery, sealContextRequest } from './searcher.ts';
import { inputBytes } from './token-input.ts';
import { createVoprf, type Voprf } from './voprf.ts';

const DATA = `${process.cwd()}/../shared/data/iocs`;
const lines = (f: string) => readFileSync(`${DATA}/${f}`, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
const csvField = (l: string, i: number) => l.split('", "')[i]?.replace(/^"|"$/g, '') ?? '';

function canonical(raw: string[]): SearchValue[] {
  const out = new Map<string, SearchValue>();
  for (const r of raw) {
    const n = normalize(r);
    if (n.ok) out.set(`${n.type} ${n.value}`, { type: n.type, value: n.value });
  }
  return [...out.values()];
}

/** Owner A: maltrail APT trails, Spamhaus DROP ranges, Feodo C2 ip:port. Owner B: ThreatFox URLs and hashes, DShield /24s. */
function ownerData(): { a: SearchValue[]; b: SearchValue[] } {
  const a = canonical([
    ...lines('maltrail-selected/apt_blackgear.txt'),
    ...lines('maltrail-selected/apt_darkhotel.txt').slice(0, 200),
    ...lines('spamhaus-drop/drop_v4.json').slice(0, 150).map((l) => (JSON.parse(l) as { cidr?: string }).cidr ?? ''),
    ...lines('abusech-feodo/ipblocklist.csv').slice(1, 120).map((l) => { const f = l.split('","'); return `${f[1]}:${f[2]}`; }),
  ]);
  const b = canonical([
    ...lines('abusech-threatfox/full_urls.csv').slice(0, 300).map((l) => csvField(l, 2)),
    ...lines('abusech-threatfox/full_sha256.csv').slice(0, 150).map((l) => csvField(l, 2)),
    ...lines('firehol/dshield.netset').slice(0, 20),
  ]);
  return { a, b };
}

interface Owner {
  id: string;
  store: TestStore;
  keys: EpochKeys;
  table: OwnerTokenTable<string>;
  contexts: Map<string, HitContext>;
  received: string[];
  hitLog: Array<{ searchId: string; org: string; uuid: string; match: string }>;
  ctx: BlindNodeContext;
}

const hubKey = ed25519.utils.randomSecretKey();
const SEARCHER_ORG = randomUUID();
const now = () => 1_790_000_000;
let voprf: Voprf;
const owners: Owner[] = [];

async function makeOwner(id: string, values: SearchValue[]): Promise<Owner> {
  const store = await createTestStore('sqlite');
  const org = await store.store.ensureOrg({ name: `Owner ${id}` });
  const attrs = values.map((v) => ({
    uuid: randomUUID(), type: v.type, category: 'Network activity', value: v.value, toIds: true, comment: '', firstSeen: null, lastSeen: null,
    timestamp: 1_700_000_000, distribution: 5 as const, sharingGroupUuid: null, tags: [], deleted: false, disableCorrelation: false, objectRelation: null,
  }));
  const eventUuid = randomUUID();
  await store.store.saveEvents([{
    uuid: eventUuid, info: `Owner ${id} intel`, date: '2025-09-30', threatLevel: 2, analysis: 2, published: true, publishTimestamp: 1_700_000_000,
    timestamp: 1_700_000_000, distribution: 3, sharingGroup: null, orgc: { name: `Owner ${id}` }, tags: [{ name: 'tlp:green' }], attributes: attrs, objects: [], sightings: [],
  }], org.id);
  const keys = deriveEpochKeys(voprf, new Uint8Array(32).fill(id.charCodeAt(0)), epochAt(now()));
  const table = new OwnerTokenTable<string>(voprf, keys.oprf);
  const contexts = new Map<string, HitContext>();
  for (const a of attrs) {
    table.add(a.uuid, a.type, a.value);
    contexts.set(a.uuid, {
      match: 'exact', warninglists: [],
      attribute: { uuid: a.uuid, type: a.type, category: a.category, value: a.value, toIds: true, comment: '', firstSeen: null, lastSeen: null, timestamp: a.timestamp, tags: [] },
      event: { uuid: eventUuid, info: `Owner ${id} intel`, date: '2025-09-30', orgc: `Owner ${id}`, tags: ['tlp:green'], threatLevel: 2 },
    });
  }
  table.commit();
  const ctx: BlindNodeContext = {
    voprf, node: id, hubPublicKey: ed25519.getPublicKey(hubKey), keys: (e) => (e === keys.epoch ? keys : null),
    replay: new MemoryReplayCache(now), budget: DEFAULT_BUDGET, ledger: new MemoryBudgetLedger(), now,
  };
  return { id, store, keys, table, contexts, received: [], hitLog: [], ctx };
}

/** The hub: signs an assertion for the searcher's org over what the request carries. */
function assertion(searchId: string, node: string, digest: string) {
  return signAssertion({ searchId, searcherOrg: SEARCHER_ORG, node, valuesDigest: digest, expiresAt: now() + 120, nonce: newNonce() }, hubKey);
}

/** A full blind search through JSON wire messages; returns hits per value per owner. */
async function blindSearch(values: SearchValue[], kinds: readonly MatchKind[]): Promise<Map<string, string[][]>> {
  const searchId = randomUUID();
  const published = owners.map((o) => decodeTokenSet(JSON.parse(JSON.stringify(encodeTokenSet({
    node: o.id, audience: 'community', epoch: o.keys.epoch, suite: 'ristretto255-SHA512', publicKey: encodeBytes(o.keys.oprf.publicKey),
    boxPublicKey: encodeBytes(o.keys.box.publicKey), shape: o.table.shape(),
  }, o.table.snapshot())))));
  const query = prepareBlindQuery(voprf, values, kinds, published.map((p) => p.descriptor.shape));
  expect(query.expansion.errors).toEqual([]);
  const out = new Map<string, string[][]>();
  for (const [i, o] of owners.entries()) {
    const { descriptor, set } = published[i]!;
    const evalWire = JSON.stringify(BlindEvaluateRequest.parse({
      assertion: assertion(searchId, o.id, valuesDigest(query.batch.blinded)), epoch: descriptor.epoch, blinded: query.batch.blinded.map(encodeBytes),
    }));
    o.received.push(evalWire);
    const req = BlindEvaluateRequest.parse(JSON.parse(evalWire));
    const res = await evaluateBlinded(o.ctx, { assertion: req.assertion, epoch: req.epoch, blinded: req.blinded.map(decodeBytes) });
    const resp = BlindEvaluateResponse.parse(JSON.parse(JSON.stringify({ epoch: req.epoch, evaluated: res.answer.evaluated.map(encodeBytes), proof: encodeBytes(res.answer.proof), remaining: res.remaining })));
    const m = matchNode(voprf, query, { evaluated: resp.evaluated.map(decodeBytes), proof: decodeBytes(resp.proof) }, decodeBytes(descriptor.publicKey), [set]);
    const node = { id: o.id, epoch: descriptor.epoch, boxPublicKey: decodeBytes(descriptor.boxPublicKey) };
    const { sealed, replyKey } = sealContextRequest({ searchId, outputs: m.hits.map((h) => m.outputs[h]!) }, node, encodeContextRequestBody);
    const ctxWire = JSON.stringify(BlindContextRequest.parse({ assertion: assertion(searchId, o.id, valuesDigest([sealed.ciphertext])), epoch: node.epoch, sealed: encodeSealed(sealed) }));
    o.received.push(ctxWire);
    const creq = BlindContextRequest.parse(JSON.parse(ctxWire));
    const answer = await answerContext(o.ctx, { assertion: creq.assertion, epoch: creq.epoch, sealed: decodeSealed(creq.sealed) }, {
      decode: (bytes) => {
        const body = decodeContextRequestBody(bytes);
        o.received.push(JSON.stringify(body.outputs.map(encodeBytes)));
        return body;
      },
      resolve: async (output, searcher) => {
        const r = o.table.resolve(output);
        if (!r) return null;
        for (const e of r.entries) o.hitLog.push({ searchId: searcher.searchId, org: searcher.searcherOrg, uuid: e.attribute, match: e.match });
        return r.entries.map((e) => ({ ...o.contexts.get(e.attribute)!, match: e.match }));
      },
      encode: encodeContextResponseBody,
    });
    const cres = BlindContextResponse.parse(JSON.parse(JSON.stringify({ sealed: encodeSealed(answer.sealed) })));
    const hits = decodeContextResponseBody(openContextResponse(replyKey, decodeSealed(cres.sealed), searchId, node));
    const byInput = new Map<number, HitContext[]>();
    const outHex = m.outputs.map(encodeBytes);
    for (const h of hits) byInput.set(outHex.indexOf(encodeBytes(h.output)), h.contexts);
    out.set(o.id, classifyBlindHits(values.length, query.expansion, byInput as Map<number, Array<HitContext & { match: MatchKind }>>, kinds).map((hs) => hs.map((h) => `${h.match}:${h.attribute.uuid}`).sort()));
  }
  return out;
}

async function plainSearch(o: Owner, values: SearchValue[], kinds: readonly MatchKind[]): Promise<string[][]> {
  const plan = planLookup(values, kinds);
  const rows = await o.store.store.lookup(plan.probes, { orgId: -1, sharingGroupIds: [] });
  return classifyRows(plan, values.length, rows).map((hs) => hs.map((h) => `${h.match}:${h.attribute.uuid}`).sort());
}

/** Search values with known intent: hits of every kind from both owners, and canaries that must miss. */
function searchValues(a: SearchValue[], b: SearchValue[]): { values: SearchValue[]; canaries: SearchValue[] } {
  const of = (xs: SearchValue[], t: string) => xs.filter((x) => x.type === t);
  const v: string[] = [];
  v.push(...of(a, 'domain').slice(0, 15).map((x) => x.value));
  v.push(...of(a, 'domain').slice(15, 30).map((x) => `login.cdn.${x.value}`));
  v.push(...of(a, 'hostname').slice(0, 5).map((x) => `a.${x.value}`));
  v.push(...of(a, 'ip-dst').filter((x) => x.value.includes('/')).slice(0, 10).map((x) => x.value.replace(/\.0\/\d+$/, '.77')));
  v.push(...of(a, 'ip-dst|port').slice(0, 10).map((x) => x.value.split('|')[0]!));
  v.push(...of(b, 'url').slice(0, 10).map((x) => new URL(x.value).hostname.replace(/^\[|\]$/g, '')));
  v.push(...of(b, 'url').slice(10, 15).map((x) => x.value));
  v.push(...of(b, 'sha256').slice(0, 10).map((x) => x.value));
  // Ranges: a /24 inside a stored /16-or-broader DROP range, a /16 over a stored DShield /24, a /28 inside one, a /24 over a Feodo IP.
  const drop = of(a, 'ip-dst').find((x) => /\/(1[0-6])$/.test(x.value))!.value;
  v.push(drop.replace(/\/\d+$/, '').replace(/\.\d+\.\d+$/, '.3.0/24'));
  const dshield = of(b, 'ip-dst').find((x) => x.value.endsWith('/24'))!.value;
  v.push(dshield.replace(/\.\d+\.0\/24$/, '.0.0/16'), dshield.replace(/\.0\/24$/, '.16/28'));
  v.push(of(a, 'ip-dst|port')[0]!.value.split('|')[0]!.replace(/\.\d+$/, '.0/24'));
  const canaries = canonical([
    'canary-a1b2c3.example-miss.com', 'www.canary-d4e5f6.example-miss.net', '203.0.114.9', '151.101.1.69', '2a01:4f8:ffff::beef',
    'https://canary.example-miss.org/payload.exe', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856', '44.44.44.0/24',
  ]);
  return { values: [...canonical(v), ...canaries], canaries };
}

let data: { a: SearchValue[]; b: SearchValue[] };
beforeAll(async () => {
  voprf = createVoprf(await loadSodiumGroup());
  data = ownerData();
  owners.push(await makeOwner('A', data.a), await makeOwner('B', data.b));
}, 120_000);
afterAll(async () => {
  for (const o of owners) await o.store.cleanup();
});

describe('blind cross-search end to end (two owners, real IOC data)', () => {
  it('returns the same hits per value as the plain search, for all match kinds and for each kind alone', async () => {
    const { values, canaries } = searchValues(data.a, data.b);
    for (const kinds of [MATCH_KINDS, ['exact'], ['composite'], ['url-host'], ['subdomain'], ['cidr']] as MatchKind[][]) {
      const blind = await blindSearch(values, kinds);
      for (const o of owners) {
        const plain = await plainSearch(o, values, kinds);
        const diff = values.map((v, i) => ({ v: v.value, blind: blind.get(o.id)![i], plain: plain[i] })).filter((d) => JSON.stringify(d.blind) !== JSON.stringify(d.plain));
        expect({ kinds, owner: o.id, diff }).toEqual({ kinds, owner: o.id, diff: [] });
      }
    }
    // The world is not trivial: every kind hits somewhere, and the canaries hit nowhere.
    const all = await blindSearch(values, MATCH_KINDS);
    const kindsHit = new Set([...all.values()].flat(2).map((h) => h.split(':')[0]));
    expect([...kindsHit].sort()).toEqual([...MATCH_KINDS].sort());
    for (const c of canaries) {
      const i = values.findIndex((v) => v.value === c.value);
      for (const o of owners) expect(all.get(o.id)![i]).toEqual([]);
    }
  });

  it('never lets a non-hit value, or its token, reach an owner; hits reach the owner hit log', async () => {
    const { values, canaries } = searchValues(data.a, data.b);
    for (const o of owners) {
      o.received.length = 0;
      o.hitLog.length = 0;
    }
    const blind = await blindSearch(values, MATCH_KINDS);
    const query = prepareBlindQuery(voprf, canaries, MATCH_KINDS, owners.map((o) => o.table.shape()));
    for (const o of owners) {
      const received = o.received.join('\n');
      for (const c of canaries) expect(received).not.toContain(c.value);
      // The owner holds its key, so it could recognise a canary's OPRF output: none was sent to it.
      for (const input of query.expansion.inputs) expect(received).not.toContain(encodeBytes(voprf.evaluate(o.keys.oprf.secretKey, inputBytes(input))));
      // Every output an owner received is one of its own tokens, and its hit log is exactly the hits.
      const logged = [...new Set(o.hitLog.map((h) => h.uuid))].sort();
      const hitUuids = [...new Set(blind.get(o.id)!.flat().map((h) => h.split(':')[1]!))].sort();
      expect(hitUuids.length).toBeGreaterThan(0);
      expect(hitUuids.every((u) => logged.includes(u))).toBe(true);
      expect(o.hitLog.every((h) => h.org === SEARCHER_ORG)).toBe(true);
    }
  });
});
