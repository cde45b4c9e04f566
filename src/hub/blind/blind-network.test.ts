/**
 * §4 proof on a real network (5 member nodes, a hub, HTTP on loopback, SQLite files): blind search returns
 * the same hits per value and member as the plain search for every match kind; canary values searched
 * blind appear nowhere at the hub (database files, bodies it received) or at any node (database files,
 * bodies it received through a recording proxy), while hits reach the owners' hit logs and the searcher.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlindHistory, runBlindHubSearch, type BlindSearchResult } from '../../client/blind/hub-blind-search.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { MATCH_KINDS } from '../../contracts/match-kinds.ts';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { generateBoxKeyPair } from '../../core/blind/seal.ts';
import { createVoprf, type Voprf } from '../../core/blind/voprf.ts';
import { createNode, type RenkeiNode } from '../../node/create-node.ts';
import { parseNodeConfig } from '../../node/config.ts';
import { attr, event, sharingGroup } from '../../node/test-support.ts';
import { openStore } from '../../storage/open-store.ts';
import { createHub, type Hub } from '../create-hub.ts';

const CANARIES = ['canary-q1w2e3.blind-proof.example', '198.18.77.77', 'https://canary-r4t5.blind-proof.example/x.exe', 'b'.repeat(63) + 'c', '100.64.200.0/24'];

/** A recording reverse proxy in front of a node: every request body the node receives passes here. */
async function recordingProxy(target: string): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push(`${req.method} ${req.url}\n${body.toString('utf8')}`);
      const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const MEMBERS = ['Aoi', 'Beni', 'Chiba', 'Daito', 'Eiko'];

function seedFor(i: number) {
  const sg = sharingGroup('aoi+searcher', ['Aoi', 'Eiko']);
  const common = [
    event(`c2 set ${i}`, [
      attr('ip-dst', `45.${20 + i}.0.1`),
      attr('domain', `c2-${i}.proof-test.com`),
      attr('ip-dst|port', `45.${20 + i}.0.2|443`),
      attr('url', `https://dl.proof-test-${i}.net/payload.bin`),
      attr('ip-dst', `45.${30 + i}.0.0/16`),
      attr('sha256', String(i).repeat(64).slice(0, 64)),
      attr('hostname', 'shared.proof-test.org'),
    ], { tlp: 'green' }),
  ];
  if (i === 0) common.push(event('aoi amber for eiko', [attr('ip-dst', '45.99.0.1')], { tlp: 'amber', distribution: 4, sharingGroup: sg }));
  if (i === 1) common.push(event('beni red', [attr('ip-dst', '45.99.0.2')], { tlp: 'red' }));
  return common;
}

const VALUES = [
  ...MEMBERS.map((_, i) => `45.${20 + i}.0.1`), // exact
  ...MEMBERS.map((_, i) => `45.${20 + i}.0.2`), // composite half
  ...MEMBERS.map((_, i) => `dl.proof-test-${i}.net`), // url host
  ...MEMBERS.map((_, i) => `www.login.c2-${i}.proof-test.com`), // subdomain
  ...MEMBERS.map((_, i) => `45.${30 + i}.8.9`), // cidr containment
  `45.30.0.0/24`, // range inside a stored /16
  'shared.proof-test.org', // every member
  '45.99.0.1', // AMBER: Eiko only
  '45.99.0.2', // RED: nobody
  String(2).repeat(64),
  'nothing-here.proof-test.invalid-miss.com',
];

describe('blind search across five member nodes through the hub', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-blind-net-'));
  const nodes: { node: RenkeiNode; dbFile: string; proxy: Awaited<ReturnType<typeof recordingProxy>> }[] = [];
  let hub: Hub;
  let hubUrl: string;
  const keys: Record<string, string> = {};
  const hubReceived: string[] = [];
  let voprf: Voprf;
  let closed = false;

  beforeAll(async () => {
    voprf = createVoprf(await loadSodiumGroup());
    hub = await createHub({ db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
    hubUrl = await hub.listen();
    const hubKey = ((await (await fetch(`${hubUrl}/api/v1/federation/hub-key`)).json()) as { publicKey: string }).publicKey;
    for (const [i, name] of MEMBERS.entries()) {
      const dbFile = path.join(dir, `node-${i}.db`);
      const opened = await openStore(dbFile);
      const node = await createNode(parseNodeConfig({ db: dbFile, host: '127.0.0.1', port: 0, logLevel: 'silent', blindMinSetSize: 64, blindRefreshSeconds: 0 }), { opened });
      const url = await node.listen();
      const owner = await opened.store.ensureOrg({ name });
      await opened.store.ensureOrg({ name: 'Eiko' });
      await opened.store.saveEvents(seedFor(i), owner.id);
      const k = await node.keys.create({ org: 'renkei-hub', role: 'search' });
      await node.blind.pinHub(k.info.id, hubKey);
      const proxy = await recordingProxy(url);
      nodes.push({ node: { ...node, close: async () => (await node.close(), await opened.close()) }, dbFile, proxy });
      const m = await hub.ctx.members.add(name);
      await hub.ctx.members.addSource(m.id, { kind: 'renkei', url: proxy.url, apiKey: k.key, verifyTls: true });
    }
    for (const name of MEMBERS) {
      const u = await hub.ctx.auth.createUser({ login: `${name.toLowerCase()}-analyst`, password: 'correct-horse-battery', orgName: name, role: 'analyst' });
      keys[name] = (await hub.ctx.auth.createKey(u.id, 'test')).key;
    }
  }, 120_000);
  afterAll(async () => {
    // The canary test closes hub and nodes itself to read their files; closing twice is harmless here.
    if (!closed) await hub?.close().catch(() => undefined);
    for (const n of nodes) {
      await n.proxy.close().catch(() => undefined);
      if (!closed) await n.node.close().catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const recordingFetch: typeof fetch = async (input, init) => {
    hubReceived.push(`${String(input)}\n${String(init?.body ?? '')}`);
    return fetch(input, init);
  };
  const blind = (org: string, values: string[], extra: Partial<Parameters<typeof runBlindHubSearch>[2]> = {}) =>
    runBlindHubSearch(voprf, values, { baseUrl: hubUrl, apiKey: keys[org]!, kinds: MATCH_KINDS, fetch: recordingFetch, ...extra });
  const plain = async (org: string, values: string[]): Promise<SearchResult> => {
    const r = await fetch(`${hubUrl}/api/v1/searches`, { method: 'POST', headers: { authorization: `Bearer ${keys[org]}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ values }) });
    expect(r.status).toBe(200);
    return (await r.json()) as SearchResult;
  };
  /** value → member → sorted `match:attribute uuid`. */
  const table = (r: SearchResult) =>
    Object.fromEntries(r.results.map((v) => [v.value, Object.fromEntries(MEMBERS.map((m) => [m, v.details.filter((d) => d.member === m).map((d) => `${d.match}:${d.attribute.uuid}`).sort()]).filter(([, h]) => (h as string[]).length > 0))]));

  it('returns the same hits per value and member as the plain search, for every match kind and both searchers', async () => {
    for (const org of ['Eiko', 'Beni']) {
      const p = await plain(org, VALUES);
      const b = await blind(org, VALUES);
      expect(b.members.every((m) => m.status === 'ok')).toBe(true);
      expect(b.blind.members.every((m) => m.blind)).toBe(true);
      expect(table(b)).toEqual(table(p));
      const kinds = new Set(p.results.flatMap((v) => v.details.map((d) => d.match)));
      expect([...kinds].sort()).toEqual([...MATCH_KINDS].sort());
    }
    // The AMBER value is Eiko's to see only; RED nobody's.
    const e = await blind('Eiko', ['45.99.0.1', '45.99.0.2']);
    expect(e.results.map((v) => Object.keys(v.hits))).toEqual([['Aoi'], []]);
    const c = await blind('Chiba', ['45.99.0.1']);
    expect(c.results[0]!.hits).toEqual({});
  });

  it('keeps canaries away from the hub and every node, while hits reach owners and the searcher', async () => {
    const historyKey = generateBoxKeyPair();
    const hitValue = 'www.login.c2-3.proof-test.com';
    const r: BlindSearchResult = await blind('Beni', [...CANARIES, hitValue], { historyKey });
    expect(r.results.filter((v) => Object.keys(v.hits).length > 0).map((v) => [v.value, v.hits])).toEqual([[hitValue, { Daito: 1 }]]);
    const ownerLog = await nodes[3]!.node.meta.listHits({ since: 0, limit: 10_000 });
    expect(ownerLog.filter((h) => h.searchId === r.id).map((h) => [h.searcherOrg, h.value, h.match])).toEqual([['Beni', 'c2-3.proof-test.com', 'subdomain']]);

    // History at the hub: counts, and a copy only the searcher opens.
    const hist = await (await fetch(`${hubUrl}/api/v1/searches/${r.id}`, { headers: { authorization: `Bearer ${keys.Beni}` } })).json();
    expect(hist.results).toEqual([]);
    expect(openBlindHistory(historyKey, r.id, hist.blind.sealed).results.map((v) => v.value)).toContain(CANARIES[0]!.toLowerCase());
    const row = (await hub.ctx.store.getSearch(r.id))!;
    expect([row.status, row.valueCount, row.hitValueCount]).toEqual(['done', CANARIES.length + 1, 1]);

    await hub.close();
    for (const n of nodes) await n.node.close();
    closed = true;
    const files = readdirSync(dir).map((f) => path.join(dir, f));
    const everywhere = [
      ...files.map((f) => readFileSync(f).toString('latin1')),
      ...hubReceived,
      ...nodes.flatMap((n) => n.proxy.bodies),
    ].join('\n');
    // The hit value itself did travel (the owner logs it); the canaries must not, in any form.
    expect(everywhere).toContain('c2-3.proof-test.com');
    for (const c of CANARIES) {
      expect(everywhere).not.toContain(c);
      expect(everywhere).not.toContain(c.replace(/^https:\/\//, ''));
    }
    expect(everywhere).not.toContain('canary-q1w2e3');
    expect(everywhere).not.toContain('198.18.77');
    expect(nodes.reduce((n, x) => n + x.proxy.bodies.length, 0)).toBeGreaterThan(15);
  });
});
