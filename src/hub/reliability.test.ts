/**
 * A source that is down, hangs, answers garbage, answers 500 or drops the connection mid-answer does
 * not fail the search: its status says why and the other members' results stand. Real HTTP servers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { generateWorld } from './demo/world.ts';

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
let calls500 = 0;

async function serve(b: Behaviour): Promise<string> {
  const s = http.createServer(b);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const world = generateWorld({ fillerPerMember: 200 });
let net: TestNetwork;

beforeAll(async () => {
  net = await startNetwork({
    members: world.members.slice(2, 4).map((m) => ({ name: m.name, seed: m.events })),
    hubConfig: { search: { deadlineMs: 3000, retries: 2, backoffMs: 20, perSourceConcurrency: 4, renkeiBatchSize: 2000, checkTimeoutMs: 1000 } },
    hubOverrides: { ipInfo: null },
  });
  const closed = await serve(() => undefined);
  await new Promise<void>((r) => servers.pop()!.close(() => r()));
  closedServers.push(closed);
  const bad: Record<string, string> = {
    Down: closed,
    Hangs: await serve(() => undefined),
    Garbage: await serve((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json')),
    WrongShape: await serve((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":"nope"}')),
    Fails500: await serve((_q, res) => {
      calls500++;
      res.writeHead(500).end('{"error":"boom"}');
    }),
    Drops: await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write('{"results":[');
      setTimeout(() => res.socket?.destroy(), 20);
    }),
  };
  for (const [name, url] of Object.entries(bad)) {
    const m = await net.hub.hub.ctx.members.add(name);
    await net.hub.hub.ctx.members.addSource(m.id, { kind: 'renkei', url, apiKey: 'k', verifyTls: true }, { skipCheck: true });
  }
});
const closedServers: string[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await net?.close();
});

describe('reliability of the fan-out', () => {
  it('reports each broken source and keeps the healthy members’ results', async () => {
    const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users['Sakura ISAC']!.analyst.key });
    const t0 = Date.now();
    const r = await c.search({ values: world.sample });
    expect(Date.now() - t0).toBeLessThan(9000);
    const by = Object.fromEntries(r.members.map((m) => [m.name, m]));
    const expected = world.expected('Sakura ISAC');
    expect(by['Sakura ISAC']).toMatchObject({ status: 'ok', hits: expected['Sakura ISAC'] });
    expect(by['Tsubaki Telecom']).toMatchObject({ status: 'ok', hits: expected['Tsubaki Telecom'] });
    expect(by.Down).toMatchObject({ status: 'error', hits: 0 });
    expect(by.Down!.error).toMatch(/unreachable/);
    expect(by.Hangs).toMatchObject({ status: 'timeout', hits: 0 });
    expect(by.Garbage!.error).toMatch(/garbage/);
    expect(by.WrongShape!.error).toMatch(/garbage/);
    expect(by.Fails500!.error).toMatch(/HTTP 500/);
    expect(calls500).toBe(3); // first try + 2 retries with backoff
    expect(by.Drops!.error).toMatch(/dropped/);
    // The code the web translates, per broken source (the text above stays for logs and the CLI).
    const reasons = Object.fromEntries(r.members.map((m) => [m.name, m.reason]));
    expect(reasons).toEqual({ 'Sakura ISAC': null, 'Tsubaki Telecom': null, Down: 'unreachable', Hangs: 'timeout', Garbage: 'garbage', WrongShape: 'garbage', Fails500: 'server_error', Drops: 'dropped' });
  });

  it('rejects a source that fails its check when it is added, saying why', async () => {
    const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    const m = await admin.addMember('Newcomer');
    await expect(admin.addSource(m.id, { kind: 'renkei', url: closedServers[0]!, apiKey: 'x' })).rejects.toMatchObject({ status: 502, code: 'source_unreachable' });
    const node = net.nodes['Sakura ISAC']!;
    await expect(admin.addSource(m.id, { kind: 'renkei', url: node.url, apiKey: 'wrong-key-wrong-key-wrong-key-wrong-key1' })).rejects.toMatchObject({ code: 'source_bad_key' });
    const good = await admin.addSource(m.id, { kind: 'renkei', url: node.url, apiKey: await node.createKey('renkei-hub', 'search') });
    expect(good).toMatchObject({ kind: 'renkei', status: 'ok' });
    expect(JSON.stringify(await admin.listMembers())).not.toContain('wrong-key');
    expect((await admin.sourceHealth(good.id)).latency.length).toBeGreaterThan(0);
  });
});
