/**
 * SIGTERM drains a real hub process: it stops accepting (503), lets running searches finish within
 * RENKEI_HUB_DRAIN_MS, ends every stream with a final event (past the grace period the search ends as
 * `partial`, stored), then exits 0.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import type { SearchStreamEvent } from '../contracts/hub-api.ts';
import { openHubStore } from '../storage/hub/open-hub-store.ts';
import { killHub, spawnHub, type HubProcess } from '../testkit/hub-process.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { createHub } from './create-hub.ts';
import { generateWorld } from './demo/world.ts';

const world = generateWorld({ fillerPerMember: 50 });
const member = world.members[2]!;
const SECRET = 'drain-test-source-secret-0123456789';
let node: TestNode;
let slow: http.Server;
let dir = '';
let db = '';
let key = '';
let hub: HubProcess | null = null;

beforeAll(async () => {
  node = await startTestNode({ orgName: member.name });
  await node.store.saveEvents(member.events, node.ownerOrg.id);
  // Answers after 1.5 s with no hits.
  slow = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"tookMs":0}'), 1500));
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-drain-'));
  db = path.join(dir, 'hub.db');
  const setup = await createHub({ db, secret: SECRET, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
  await setup.ctx.members.add(member.name, undefined, { input: { kind: 'renkei', url: node.url, apiKey: await node.createKey('renkei-hub', 'search'), verifyTls: true } });
  await setup.ctx.members.add('Slow Member', undefined, { input: { kind: 'renkei', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, apiKey: 'k', verifyTls: true }, skipCheck: true });
  const u = await setup.ctx.auth.createUser({ login: 'analyst', password: 'analyst-password', orgName: 'Searcher Org', role: 'analyst' });
  key = (await setup.ctx.auth.createKey(u.id, 'test')).key;
  await setup.close();
});
afterAll(async () => {
  if (hub) await killHub(hub);
  slow?.closeAllConnections();
  await new Promise((r) => slow?.close(r));
  await node?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a search, SIGTERMs the hub once it is accepted, and collects the stream and the exit. */
async function searchThenTerm(drainMs: number) {
  hub = await spawnHub({ RENKEI_HUB_DB: db, RENKEI_HUB_SECRET: SECRET, RENKEI_HUB_DRAIN_MS: String(drainMs) });
  const h = hub;
  const c = createHubClient({ baseUrl: h.url, apiKey: key });
  const events: SearchStreamEvent[] = [];
  let refused: unknown = null;
  for await (const e of c.searchStream({ values: world.sample })) {
    events.push(e);
    if (e.type === 'accepted') {
      h.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      // Draining: a new search is refused with 503, the running one goes on.
      refused = await c.search({ values: ['45.1.2.3'] }).then(() => 'accepted', (err: unknown) => err);
    }
  }
  const exit = await h.exited;
  hub = null;
  return { events, refused, exit };
}

describe('SIGTERM drain', () => {
  it('lets a running search finish within the grace period, refuses new ones, exits 0', { timeout: 120_000 }, async () => {
    const { events, refused, exit } = await searchThenTerm(10_000);
    expect(refused).toMatchObject({ status: 503, code: 'unavailable' });
    const done = events.at(-1) as Extract<SearchStreamEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.result.members.map((m) => [m.name, m.status, m.hits])).toEqual([
      [member.name, 'ok', member.shared],
      ['Slow Member', 'ok', 0],
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    const store = await openHubStore(db);
    try {
      const row = await store.getSearch(done.result.id);
      expect(row).toMatchObject({ status: 'done' });
      expect(JSON.parse(row!.resultJson!)).toEqual(done.result);
    } finally {
      await store.close();
    }
  });

  it('past the grace period ends the stream with a final event, stores the search as partial, exits 0', { timeout: 120_000 }, async () => {
    const { events, exit } = await searchThenTerm(300);
    const done = events.at(-1) as Extract<SearchStreamEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    const slowResult = done.result.members.find((m) => m.name === 'Slow Member')!;
    expect(slowResult).toMatchObject({ status: 'error', hits: 0 });
    expect(slowResult.error).toMatch(/shut down/);
    expect(done.result.members.find((m) => m.name === member.name)).toMatchObject({ status: 'ok', hits: member.shared });
    expect(exit).toEqual({ code: 0, signal: null });
    const store = await openHubStore(db);
    try {
      expect(await store.getSearch(done.result.id)).toMatchObject({ status: 'partial', hitValueCount: member.shared });
    } finally {
      await store.close();
    }
  });
});
