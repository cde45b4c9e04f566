/**
 * Two real hub processes on one PostgreSQL schema and one NATS serve the same users: a session made on one
 * works on the other (CSRF included), a search streamed from one is stored whole for the other, and a room
 * change made on one reaches a live stream open on the other through the NATS bus (the room poll is set
 * to ten minutes, so only the bus can deliver it in time).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import type { SearchResult, SearchStreamEvent } from '../contracts/hub-api.ts';
import { killHub, spawnHub, type HubProcess } from '../testkit/hub-process.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { readSse } from '../testkit/observations-hub.ts';
import { testPgUrl, uniqueSchema } from '../testkit/store-factory.ts';
import { createHub } from './create-hub.ts';
import { generateWorld } from './demo/world.ts';

const natsUrl = process.env.RENKEI_TEST_NATS;
if (!natsUrl) throw new Error('RENKEI_TEST_NATS is not set: the two-hub suite needs a NATS server (npm test starts one)');

const world = generateWorld({ fillerPerMember: 50 });
const owner = world.members[1]!;
const SECRET = 'two-hubs-source-secret-0123456789';
const PASSWORD = 'two-hubs-password-1';

describe('two hub processes on one PostgreSQL and one NATS', () => {
  let node: TestNode;
  let a: HubProcess;
  let b: HubProcess;
  let key = '';
  let env: Record<string, string> = {};
  const schema = uniqueSchema('twohubs');
  // A member that answers (no hits) only once the test releases it: keeps a search running while a third hub starts.
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const slow = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => void released.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"tookMs":0}')));
  });

  beforeAll(async () => {
    node = await startTestNode({ db: 'postgres', orgName: owner.name });
    await node.store.saveEvents(owner.events, node.ownerOrg.id);
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    env = {
      RENKEI_HUB_DB: testPgUrl(),
      RENKEI_HUB_PG_SCHEMA: schema,
      RENKEI_HUB_SECRET: SECRET,
      RENKEI_HUB_NATS_URL: natsUrl,
      RENKEI_HUB_ROOM_POLL_MS: '600000',
      RENKEI_HUB_DRAIN_MS: '1000',
      RENKEI_HUB_DEADLINE_MS: '60000',
    };
    const setup = await createHub({ db: env.RENKEI_HUB_DB, pgSchema: schema, secret: SECRET, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
    await setup.ctx.members.add(owner.name, undefined, { input: { kind: 'renkei', url: node.url, apiKey: await node.createKey('renkei-hub', 'search'), verifyTls: true } });
    await setup.ctx.members.add('Slow Member', undefined, { input: { kind: 'renkei', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, apiKey: 'k', verifyTls: true }, skipCheck: true });
    const analyst = await setup.ctx.auth.createUser({ login: 'aoba', password: PASSWORD, orgName: world.members[0]!.name, role: 'analyst' });
    await setup.ctx.auth.createUser({ login: 'kinu', password: PASSWORD, orgName: world.members[2]!.name, role: 'analyst' });
    key = (await setup.ctx.auth.createKey(analyst.id, 'test')).key;
    await setup.close();
    [a, b] = await Promise.all([spawnHub({ ...env, RENKEI_HUB_INSTANCE: 'hub-a' }), spawnHub({ ...env, RENKEI_HUB_INSTANCE: 'hub-b' })]);
  }, 120_000);

  afterAll(async () => {
    release();
    for (const h of [a, b]) if (h) await killHub(h);
    await node?.close();
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
    const c = new pg.Client({ connectionString: testPgUrl() });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  const signIn = async (hub: HubProcess, login: string): Promise<{ cookie: string; csrf: string }> => {
    const res = await fetch(`${hub.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = (await (await fetch(`${hub.url}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken: string };
    return { cookie, csrf: me.csrfToken };
  };
  const call = (hub: HubProcess, s: { cookie: string; csrf: string }, method: string, p: string, body?: unknown): Promise<Response> =>
    fetch(`${hub.url}${p}`, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  it('accepts a session made on one hub on the other, CSRF token included, until it is signed out on either', async () => {
    const s = await signIn(a, 'aoba');
    const me = (await (await fetch(`${b.url}/api/v1/me`, { headers: { cookie: s.cookie } })).json()) as { user: { login: string; org: string }; csrfToken: string };
    expect([me.user.login, me.user.org, me.csrfToken]).toEqual(['aoba', world.members[0]!.name, s.csrf]);
    const created = await call(b, s, 'POST', '/api/v1/rooms', { title: 'made through hub B', tlp: 'green', audience: { kind: 'community' }, severity: 'low' });
    expect(created.status).toBe(201);
    expect((await call(b, { ...s, csrf: 'wrong' }, 'POST', '/api/v1/rooms', { title: 'x', tlp: 'green', audience: { kind: 'community' }, severity: 'low' })).status).toBe(403);
    expect((await call(b, s, 'DELETE', '/api/v1/session')).status).toBeLessThan(300);
    expect((await fetch(`${a.url}/api/v1/me`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('stores the whole result of a search streamed from one hub for the other', async () => {
    const events: SearchStreamEvent[] = [];
    for await (const e of createHubClient({ baseUrl: a.url, apiKey: key }).searchStream({ values: world.sample, members: [owner.name] })) events.push(e);
    const done = events.at(-1) as Extract<SearchStreamEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.result.members.map((m) => [m.name, m.status, m.hits])).toEqual([[owner.name, 'ok', owner.shared]]);
    const res = await fetch(`${b.url}/api/v1/searches/${done.result.id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect((await res.json()) as SearchResult).toEqual(done.result);
  });

  it('delivers a room change made on one hub to a live stream open on the other, anonymous posts staying anonymous', async () => {
    const author = await signIn(a, 'aoba');
    const reader = await signIn(b, 'kinu');
    const roomId = ((await (await call(a, author, 'POST', '/api/v1/rooms', { title: 'Botnet C2 wave', tlp: 'green', audience: { kind: 'community' }, severity: 'high' })).json()) as { id: number }).id;
    const abort = new AbortController();
    const res = await fetch(`${b.url}/api/v1/rooms/${roomId}/events`, { headers: { cookie: reader.cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    const got = readSse(res, 3, 15_000, abort);
    // The stream's first event (the room) is written before the posts; the posts arrive only by the bus.
    await new Promise((r) => setTimeout(r, 300));
    expect((await call(a, author, 'POST', `/api/v1/rooms/${roomId}/posts`, { text: 'C2 at hxxp://c2[.]example', indicators: ['hxxp://c2[.]example/x'] })).status).toBe(201);
    expect((await call(a, author, 'POST', `/api/v1/rooms/${roomId}/posts`, { text: 'second, unnamed', indicators: [], anonymous: true })).status).toBe(201);
    const events = await got;
    expect(events.map((e) => e.event)).toEqual(['room', 'post', 'post']);
    const posts = events.slice(1).map((e) => (e.data as { post: { text: string; author: unknown } }).post);
    expect(posts.map((p) => [p.text, p.author])).toEqual([
      ['C2 at hxxp://c2[.]example', { anonymous: false, org: { id: expect.any(Number), name: world.members[0]!.name } }],
      ['second, unnamed', { anonymous: true, org: null }],
    ]);
  });

  it('leaves a search running on one hub running while another hub process starts on the same database', { timeout: 90_000 }, async () => {
    const stream = createHubClient({ baseUrl: a.url, apiKey: key }).searchStream({ values: ['192.0.2.55'], members: ['Slow Member'] });
    const first = await stream.next();
    expect(first.done).toBe(false);
    const id = (first.value as Extract<SearchStreamEvent, { type: 'accepted' }>).id;
    const c = await spawnHub({ ...env, RENKEI_HUB_INSTANCE: 'hub-c' });
    try {
      const history = async (hub: HubProcess) =>
        ((await (await fetch(`${hub.url}/api/v1/searches`, { headers: { authorization: `Bearer ${key}` } })).json()) as { searches: { id: string; status: string }[] }).searches.find((x) => x.id === id)?.status;
      expect(await history(c)).toBe('running');
      release();
      const events: SearchStreamEvent[] = [first.value as SearchStreamEvent];
      for await (const e of stream) events.push(e);
      expect(events.at(-1)!.type).toBe('done');
      expect(await history(b)).toBe('done');
    } finally {
      await killHub(c);
    }
  });
});
