/** Bounded load on loopback: 50 concurrent searches of 853 values across 5 members all complete correctly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { DEMO_MEMBERS, generateWorld } from './demo/world.ts';

const world = generateWorld({ fillerPerMember: 400 });
let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ members: world.members.map((m) => ({ name: m.name, seed: m.events })), hubOverrides: { ipInfo: null }, hubConfig: { search: { deadlineMs: 60_000, retries: 2, backoffMs: 100, perSourceConcurrency: 8, renkeiBatchSize: 2000, checkTimeoutMs: 5000 } } });
});
afterAll(async () => {
  await net?.close();
});

describe('load', () => {
  it('completes 50 concurrent 853-value searches with the right counts', { timeout: 300_000 }, async () => {
    const runs = Array.from({ length: 50 }, (_, i) => {
      const searcher = DEMO_MEMBERS[i % 5]!;
      const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[searcher]!.analyst.key });
      return c.search({ values: world.sample }).then((r) => ({ searcher, r }));
    });
    const done = await Promise.all(runs);
    for (const { searcher, r } of done) {
      expect(r.members.every((m) => m.status === 'ok')).toBe(true);
      expect(Object.fromEntries(r.members.map((m) => [m.name, m.hits]))).toEqual(world.expected(searcher));
    }
    expect(new Set(done.map((d) => d.r.id)).size).toBe(50);
  });
});
