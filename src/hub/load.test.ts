/** Bounded load on loopback with the default deadline: 50 concurrent searches of 853 values across 5 members, each equal hit for hit to a single search. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { DEMO_MEMBERS, generateWorld } from './demo/world.ts';
import { expectedHits, misplacedHits, reportedHits } from './expected-hits.ts';

const world = generateWorld({ fillerPerMember: 400 });
let net: TestNetwork;
// The default deadline (10 s): load must not make members look slow or broken.
beforeAll(async () => {
  net = await startNetwork({ members: world.members.map((m) => ({ name: m.name, seed: m.events })), hubOverrides: { ipInfo: null } });
});
afterAll(async () => {
  await net?.close();
});

describe('load', () => {
  it('completes 50 concurrent 853-value searches, each hit for hit equal to a single search', { timeout: 300_000 }, async () => {
    const single = await createHubClient({ baseUrl: net.hub.url, apiKey: net.users[DEMO_MEMBERS[0]]!.analyst.key }).search({ values: world.sample });
    expect(reportedHits(single)).toEqual(expectedHits(world));
    const reference = JSON.stringify([...reportedHits(single)]);
    const runs = Array.from({ length: 50 }, (_, i) => {
      const searcher = DEMO_MEMBERS[i % 5]!;
      const c = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[searcher]!.analyst.key });
      return c.search({ values: world.sample }).then((r) => ({ searcher, r }));
    });
    const done = await Promise.all(runs);
    for (const { searcher, r } of done) {
      expect(r.members.every((m) => m.status === 'ok')).toBe(true);
      expect(Object.fromEntries(r.members.map((m) => [m.name, m.hits]))).toEqual(world.expected(searcher));
      expect(misplacedHits(r)).toEqual([]);
      // Hit for hit (member, attribute, event under each value), not only the counts.
      expect(JSON.stringify([...reportedHits(r)])).toBe(reference);
    }
    expect(new Set(done.map((d) => d.r.id)).size).toBe(50);
  });
});
