/** The same alliance on PostgreSQL (hub and nodes, one schema each): counts, history, restart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { generateWorld } from './demo/world.ts';

const world = generateWorld({ fillerPerMember: 100 });
let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ db: 'postgres', members: world.members.slice(0, 3).map((m) => ({ name: m.name, seed: m.events })), hubOverrides: { ipInfo: null } });
});
afterAll(async () => {
  await net?.close();
});

describe('hub on PostgreSQL', () => {
  it('runs the cross-search with known counts and keeps history across a restart', async () => {
    const searcher = world.members[1]!.name;
    const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[searcher]!.analyst.key });
    const r = await c.search({ values: world.sample });
    const expected = world.expected(searcher);
    expect(Object.fromEntries(r.members.map((m) => [m.name, m.hits]))).toEqual(Object.fromEntries(world.members.slice(0, 3).map((m) => [m.name, expected[m.name]])));
    await net.restartHub();
    expect((await c.listSearches()).searches[0]).toMatchObject({ id: r.id, valueCount: 853 });
    const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
    expect((await admin.audit()).entries.some((e) => e.action === 'search' && e.count === 853)).toBe(true);
    await expect(admin.getSearch(r.id)).rejects.toMatchObject({ status: 404 });
  });
});
