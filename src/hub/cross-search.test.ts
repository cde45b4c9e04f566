/**
 * The hub on an in-process network of five real nodes: counts known by construction from the demo world
 * generator, streaming order, history, and who may read what. The whole suite runs twice, with the hub
 * reaching the nodes over HTTP and over NATS (nodes dialling out to the machine's NATS server), and the
 * last block compares both transports' results in full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient, HubApiError } from '../client/hub-client.ts';
import type { SearchResult, SearchStreamEvent } from '../contracts/hub-api.ts';
import { startNetwork, type NetworkTransport, type TestNetwork } from '../testkit/network.ts';
import { DEMO_MEMBERS, generateWorld } from './demo/world.ts';
import { expectedHits, misplacedHits, reportedHits } from './expected-hits.ts';

const world = generateWorld({ fillerPerMember: 400 });
const TRANSPORTS: NetworkTransport[] = ['http', 'nats'];
const nets: Partial<Record<NetworkTransport, TestNetwork>> = {};

beforeAll(async () => {
  for (const t of TRANSPORTS) nets[t] = await startNetwork({ members: world.members.map((m) => ({ name: m.name, seed: m.events })), hubOverrides: { ipInfo: null }, transport: t });
});
afterAll(async () => {
  for (const t of TRANSPORTS) await nets[t]?.close();
});

describe.each(TRANSPORTS)('federated cross-search over %s', (transport) => {
  let net: TestNetwork;
  beforeAll(() => {
    net = nets[transport]!;
  });
  const client = (key: string) => createHubClient({ baseUrl: net.hub.url, apiKey: key });

  it('returns the per-member hit counts known by construction, streaming each member', async () => {
    const searcher = DEMO_MEMBERS[0];
    const c = client(net.users[searcher]!.analyst.key);
    const events: SearchStreamEvent[] = [];
    const result = await c.search({ values: [...world.sample, 'not an indicator ###'] }, (e) => events.push(e));
    expect(events[0]?.type).toBe('accepted');
    expect(events.filter((e) => e.type === 'member')).toHaveLength(5);
    expect(events.at(-1)?.type).toBe('done');
    const counts = Object.fromEntries(result.members.map((m) => [m.name, m.hits]));
    expect(counts).toEqual(world.expected(searcher));
    expect(result.members.every((m) => m.status === 'ok' && m.latencyMs !== null)).toBe(true);
    expect(result.rejected).toEqual([{ input: 'not an indicator ###', error: 'contains whitespace', code: 'whitespace', params: {} }]);
    expect(result.results).toHaveLength(853);
    const hitRow = result.results.find((r) => (r.hits['Sakura ISAC'] ?? 0) > 0)!;
    expect(hitRow.details[0]).toMatchObject({ member: 'Sakura ISAC', match: 'exact' });
    expect(hitRow.details[0]!.event.info).toMatch(/Sakura ISAC/);
  });

  it('reports every hit under the value its attribute holds, and exactly the hits the world holds', async () => {
    const r = await client(net.users[DEMO_MEMBERS[1]]!.analyst.key).search({ values: world.sample });
    expect(misplacedHits(r)).toEqual([]);
    expect(reportedHits(r)).toEqual(expectedHits(world));
    // Per value, the member counts agree with the details listed under it.
    for (const row of r.results) {
      const counts: Record<string, number> = {};
      for (const d of row.details) counts[d.member] = (counts[d.member] ?? 0) + 1;
      expect(row.hits).toEqual(counts);
    }
    // The stored result is the streamed one, in full.
    expect(await client(net.users[DEMO_MEMBERS[1]]!.analyst.key).getSearch(r.id)).toEqual(r);
  });

  it('another searcher does not see a member’s TLP:RED data', async () => {
    const searcher = DEMO_MEMBERS[2];
    const result = await client(net.users[searcher]!.analyst.key).search({ values: world.sample });
    expect(Object.fromEntries(result.members.map((m) => [m.name, m.hits]))).toEqual(world.expected(searcher));
  });

  it('keeps the search as the searching organisation’s history, readable by it alone', async () => {
    const own = client(net.users[DEMO_MEMBERS[0]]!.analyst.key);
    const r = await own.search({ values: world.sample.slice(0, 50) });
    const { searches } = await own.listSearches();
    expect(searches.map((s) => s.id)).toContain(r.id);
    expect((await own.getSearch(r.id)).results).toHaveLength(50);

    const other = client(net.users[DEMO_MEMBERS[1]]!.analyst.key);
    await expect(other.getSearch(r.id)).rejects.toMatchObject({ status: 404 });
    expect((await other.listSearches()).searches.map((s) => s.id)).not.toContain(r.id);
    const hubAdmin = client(net.hub.admin.key);
    await expect(hubAdmin.getSearch(r.id)).rejects.toMatchObject({ status: 404 });
    const anon = createHubClient({ baseUrl: net.hub.url });
    await expect(anon.getSearch(r.id)).rejects.toMatchObject({ status: 401 });
    await expect(anon.listSearches()).rejects.toBeInstanceOf(HubApiError);
  });

  it('audits who searched how many values, never the values', async () => {
    const { entries } = await client(net.hub.admin.key).audit(1000);
    const searches = entries.filter((e) => e.action === 'search');
    expect(searches.length).toBeGreaterThan(0);
    const text = JSON.stringify(entries);
    for (const v of world.sample.slice(0, 50)) expect(text).not.toContain(v);
    expect(searches.some((e) => e.count === 853)).toBe(true);
  });

  it('shows each member the hits on its own data only, with the searcher', async () => {
    const owner = client(net.users['Sakura ISAC']!.admin.key);
    const { hits } = await owner.hits();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.member === 'Sakura ISAC')).toBe(true);
    expect(new Set(hits.map((h) => h.searcherOrg))).toContain(DEMO_MEMBERS[0]);
    const sampleSet = new Set(world.sample);
    expect(hits.every((h) => sampleSet.has(h.value))).toBe(true);
    await expect(owner.hits({ member: 'Tsubaki Telecom' })).rejects.toMatchObject({ status: 403 });
    await expect(client(net.hub.admin.key).hits()).rejects.toMatchObject({ status: 403 });
  });

  it('history and audit survive a hub restart', async () => {
    const own = client(net.users[DEMO_MEMBERS[3]]!.analyst.key);
    const r = await own.search({ values: world.sample.slice(0, 20) });
    await net.restartHub();
    expect((await own.getSearch(r.id)).id).toBe(r.id);
    const { entries } = await client(net.hub.admin.key).audit(1000);
    expect(entries.some((e) => e.detail?.includes(r.id))).toBe(true);
  });
});

/** A search result without what differs between two runs by construction (ids, times, latencies). */
function comparable(r: SearchResult): unknown {
  return { ...r, id: '(id)', createdAt: 0, members: r.members.map((m) => ({ ...m, latencyMs: m.latencyMs === null ? null : 0 })) };
}

describe('HTTP and NATS transports', () => {
  it('give identical results for the same searches, in full', async () => {
    const run = async (t: NetworkTransport, searcher: string, values: string[]) =>
      comparable(await createHubClient({ baseUrl: nets[t]!.hub.url, apiKey: nets[t]!.users[searcher]!.analyst.key }).search({ values }));
    for (const searcher of [DEMO_MEMBERS[0], DEMO_MEMBERS[2]]) {
      const values = [...world.sample, 'not an indicator ###'];
      const overHttp = await run('http', searcher, values);
      expect(await run('nats', searcher, values)).toEqual(overHttp);
    }
  });
});
