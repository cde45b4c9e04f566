/**
 * Who may point the hub at a URL: a member admin only requests a source (nothing is contacted, the hub
 * admin approves or rejects), every change is audited, and with private sources not allowed a check on a
 * private/loopback target tells "connection refused" apart from nothing else. Real HTTP on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient, HubApiError } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { isPrivateTarget, WITHHELD_CHECK_MESSAGE } from './sources/private-target.ts';

let net: TestNetwork;
let collectorCalls = 0;
let collector: http.Server;
let collectorUrl = '';
let closedUrl = '';
let fails500Url = '';
const servers: http.Server[] = [];

async function listen(s: http.Server): Promise<string> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  net = await startNetwork({ members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }], hubConfig: { allowPrivateSources: false, enrichment: { enabled: false, rangeDirs: [] } } });
  // A "collector" a member admin would like every searched value sent to.
  collector = http.createServer((req, res) => {
    collectorCalls++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"tookMs":0}');
  });
  collectorUrl = await listen(collector);
  fails500Url = await listen(http.createServer((req, res) => (req.resume(), res.writeHead(500).end())));
  const closed = http.createServer();
  closedUrl = await listen(closed);
  servers.pop();
  await new Promise((r) => closed.close(r));
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await net?.close();
});

const as = (key: string) => createHubClient({ baseUrl: net.hub.url, apiKey: key });
const api = (key: string, method: string, path: string, body?: unknown) =>
  fetch(`${net.hub.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

describe('source URLs are set by hub admins', () => {
  it('turns a member admin’s source into a request that contacts nothing until a hub admin approves it', async () => {
    const memberAdmin = net.users['Aoba CSIRT']!.admin.key;
    const aoba = (await net.hub.hub.ctx.store.getMember('Aoba CSIRT'))!;
    const before = (await net.hub.hub.ctx.store.listSources(aoba.id)).length;
    const res = await api(memberAdmin, 'POST', `/api/v1/members/${aoba.id}/sources`, { kind: 'renkei', url: collectorUrl, apiKey: 'collector-key' });
    expect(res.status).toBe(202);
    const { request } = (await res.json()) as { request: { id: number; state: string; url: string } };
    expect(request).toMatchObject({ state: 'pending', url: collectorUrl, memberId: aoba.id, sourceId: null });
    expect(JSON.stringify(request)).not.toContain('collector-key');
    expect((await net.hub.hub.ctx.store.listSources(aoba.id)).length).toBe(before);
    // A search does not reach the requested URL.
    await as(net.users['Kinu SOC']!.analyst.key).search({ values: ['45.1.2.3'] });
    expect(collectorCalls).toBe(0);

    // Member admins cannot approve, not even their own request; another member's admin does not see it.
    expect((await api(memberAdmin, 'POST', `/api/v1/source-requests/${request.id}/approve`)).status).toBe(403);
    const otherAdmin = net.users['Kinu SOC']!.admin.key;
    expect(((await (await api(otherAdmin, 'GET', '/api/v1/source-requests')).json()) as { requests: unknown[] }).requests).toEqual([]);
    expect((await api(net.users['Aoba CSIRT']!.analyst.key, 'GET', '/api/v1/source-requests')).status).toBe(403);

    const hubAdmin = net.hub.admin.key;
    const listed = (await (await api(hubAdmin, 'GET', '/api/v1/source-requests')).json()) as { requests: { id: number }[] };
    expect(listed.requests.map((r) => r.id)).toContain(request.id);
    const approved = await api(hubAdmin, 'POST', `/api/v1/source-requests/${request.id}/approve`);
    expect(approved.status).toBe(201);
    const out = (await approved.json()) as { request: { state: string; sourceId: number }; source: { id: number; url: string; status: string } };
    expect(out.request).toMatchObject({ state: 'approved', sourceId: out.source.id });
    expect(out.source).toMatchObject({ url: collectorUrl, status: 'ok' });
    expect(collectorCalls).toBe(1); // the hub admin's check
    expect((await api(hubAdmin, 'POST', `/api/v1/source-requests/${request.id}/approve`)).status).toBe(409);

    const { entries } = await as(hubAdmin).audit(100);
    const mine = entries.filter((e) => e.detail?.includes(`request ${request.id}`)).map((e) => e.action).sort();
    expect(mine).toEqual(['source-request', 'source-request-approve']);
    expect(JSON.stringify(entries)).not.toContain('collector-key');
  });

  it('lets a hub admin reject a request, once', async () => {
    const aoba = (await net.hub.hub.ctx.store.getMember('Aoba CSIRT'))!;
    const res = await api(net.users['Aoba CSIRT']!.admin.key, 'POST', `/api/v1/members/${aoba.id}/sources`, { kind: 'misp', url: 'https://misp.example.org', apiKey: 'k'.repeat(40) });
    const { request } = (await res.json()) as { request: { id: number } };
    const rejected = await api(net.hub.admin.key, 'POST', `/api/v1/source-requests/${request.id}/reject`, { note: 'use your node instead' });
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as { request: unknown }).request).toMatchObject({ state: 'rejected', note: 'use your node instead', sourceId: null });
    expect((await api(net.hub.admin.key, 'POST', `/api/v1/source-requests/${request.id}/approve`)).status).toBe(409);
    expect((await as(net.hub.admin.key).audit(50)).entries.some((e) => e.action === 'source-request-reject' && e.detail?.includes(`request ${request.id}`))).toBe(true);
  });
});

describe('source checks are no port scanner', () => {
  it('knows private, loopback and public targets', async () => {
    for (const u of ['http://127.0.0.1:1', 'http://10.1.2.3', 'http://192.168.0.1', 'http://172.16.5.5', 'http://169.254.169.254', 'http://[::1]:80', 'http://[fd00::1]', 'http://localhost:8080', 'http://100.64.0.1']) {
      expect(await isPrivateTarget(u), u).toBe(true);
    }
    expect(await isPrivateTarget('http://8.8.8.8')).toBe(false);
    expect(await isPrivateTarget('https://[2001:4860:4860::8888]')).toBe(false);
  });

  it('withholds why a check on a private target failed: refused, HTTP 500 and bad key look alike', async () => {
    const hubAdmin = as(net.hub.admin.key);
    const m = await hubAdmin.addMember('Probe Target');
    const errors: unknown[] = [];
    for (const url of [closedUrl, fails500Url, net.nodes['Aoba CSIRT']!.url]) {
      const e = await hubAdmin.addSource(m.id, { kind: 'renkei', url, apiKey: 'wrong-key-0123456789' }).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(HubApiError);
      errors.push({ status: (e as HubApiError).status, code: (e as HubApiError).code, message: (e as HubApiError).message });
    }
    expect(errors).toEqual(Array(3).fill({ status: 502, code: 'source_error', message: `source check failed: ${WITHHELD_CHECK_MESSAGE}` }));

    // Testing a stored source (a member admin may) withholds the same way.
    const stored = await net.hub.hub.ctx.members.addSource(m.id, { kind: 'renkei', url: closedUrl, apiKey: 'k', verifyTls: true }, { skipCheck: true });
    const check = await hubAdmin.testSource(stored.id);
    expect(check).toEqual({ ok: false, latencyMs: null, message: WITHHELD_CHECK_MESSAGE, version: null, code: 'source_error' });
  });
});
