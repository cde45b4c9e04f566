/**
 * A member that timed out is not "answered": its status says why (a code the web translates), and the
 * searcher can ask that member again without re-running the search. The retried member's column is
 * replaced (never added to), the stored result and the history follow, and only the searching
 * organisation may retry. Real nodes, a real proxy in front of one of them, real HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient, HubApiError } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { enrolNode } from './demo/enrol-node.ts';
import { generateWorld } from './demo/world.ts';

const world = generateWorld({ fillerPerMember: 100 });
const [home, flaky] = [world.members[0]!, world.members[2]!];
let net: TestNetwork;
let node: TestNode;
let proxy: http.Server;
let mode: 'hang' | 'pass' = 'pass';

beforeAll(async () => {
  net = await startNetwork({
    members: [{ name: home.name, seed: home.events }],
    hubConfig: { search: { deadlineMs: 800, retries: 0, backoffMs: 10, perSourceConcurrency: 4, renkeiBatchSize: 2000, checkTimeoutMs: 1000 } },
    hubOverrides: { ipInfo: null },
  });
  node = await startTestNode({ orgName: flaky.name });
  for (let i = 0; i < flaky.events.length; i += 500) await node.store.saveEvents(flaky.events.slice(i, i + 500), node.ownerOrg.id);
  const target = new URL(node.url);
  // Hangs while `mode` is 'hang'; otherwise forwards the request unchanged to the member's real node.
  proxy = http.createServer((req, res) => {
    if (mode === 'hang') return void req.resume();
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  // Enrolled while reachable (the hub checks a new source), then the member goes silent.
  await enrolNode(net.hub.hub.ctx, net.hub.hub.ctx.signer.publicKeyText, node.node, { name: flaky.name, url });
  mode = 'hang';
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await node?.close();
  await net?.close();
});

describe('asking one member again', () => {
  it('marks the timed-out member with its reason, then fills its column in place on retry', async () => {
    const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[home.name]!.analyst.key });
    const expected = world.expected(home.name);
    const first = await c.search({ values: world.sample });
    const before = Object.fromEntries(first.members.map((m) => [m.name, m]));
    expect(before[flaky.name]).toMatchObject({ status: 'timeout', reason: 'timeout', hits: 0 });
    expect(before[home.name]).toMatchObject({ status: 'ok', reason: null, hits: expected[home.name] });
    expect((await c.listSearches()).searches[0]).toMatchObject({ id: first.id, status: 'partial' });

    mode = 'pass';
    const answer = await c.retryMember(first.id, flaky.name);
    expect(answer.member).toMatchObject({ name: flaky.name, status: 'ok', reason: null, hits: expected[flaky.name] });
    // Every hit in the answer is the flaky member's, at the index of the value it matched.
    for (const { index, hits } of answer.hits) for (const h of hits) expect([h.member, h.attribute.value]).toEqual([flaky.name, first.results[index]!.value]);

    const stored = await c.getSearch(first.id);
    const after = Object.fromEntries(stored.members.map((m) => [m.name, m]));
    expect(after[flaky.name]).toMatchObject({ status: 'ok', hits: expected[flaky.name] });
    expect(after[home.name]).toEqual(before[home.name]);
    // The home member's cells are untouched; the flaky member's cells are exactly what it answered.
    const byIndex = new Map(answer.hits.map((x) => [x.index, x.hits.length]));
    stored.results.forEach((r, i) => {
      expect(r.hits[home.name], r.value).toBe(first.results[i]!.hits[home.name]);
      expect(r.hits[flaky.name], r.value).toBe(byIndex.get(i));
      expect(r.details.filter((d) => d.member === flaky.name).length, r.value).toBe(byIndex.get(i) ?? 0);
    });
    expect((await c.listSearches()).searches[0]).toMatchObject({ id: first.id, status: 'done', hitValueCount: stored.results.filter((r) => Object.keys(r.hits).length > 0).length });

    // Answered members cannot be asked twice; the column would otherwise be counted again.
    await expect(c.retryMember(first.id, flaky.name)).rejects.toMatchObject({ status: 409, code: 'conflict' });
  });

  it('lets only the searching organisation retry, and names no member that is not in the search', async () => {
    mode = 'hang';
    const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[home.name]!.analyst.key });
    const r = await c.search({ values: world.sample.slice(0, 20) });
    const other = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    const err = await other.retryMember(r.id, flaky.name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubApiError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    await expect(c.retryMember(r.id, 'Nobody CERT')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    expect((await c.getSearch(r.id)).members.find((m) => m.name === flaky.name)).toMatchObject({ status: 'timeout' });
  });
});
