/**
 * An answer over NATS's payload limit (1 MB) is refused by the node with `payload_too_large`, and the hub
 * splits the batch as it does when an HTTP answer goes over its byte bound: with the HTTP bound set to the
 * same 1 MB, both transports give the same member status and the same results. Real nodes, real NATS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import type { EventInput } from '../../core/model/event.ts';
import { attr, event } from '../../node/test-support.ts';
import { startNetwork, type NetworkTransport, type TestNetwork } from '../../testkit/network.ts';

const BIG = 'flood.example.com'; // ~1,500 hits of ~1.3 kB: over 1 MB alone
const MID = 'medium.example.com'; // ~500 hits: fits alone, not together with BIG
const ONE = 'single.example.com';
const filler = 'x'.repeat(1000);

function seed(): EventInput[] {
  const out: EventInput[] = [];
  for (let i = 0; i < 1500; i++) out.push(event(`flood ${i}`, [attr('domain', BIG, { comment: filler })], { tlp: 'green' }));
  for (let i = 0; i < 500; i++) out.push(event(`medium ${i}`, [attr('domain', MID, { comment: filler })], { tlp: 'green' }));
  out.push(event('single', [attr('domain', ONE)], { tlp: 'green' }));
  return out;
}

// One seed for both networks: the same events, the same uuids.
const SEED = seed();
const nets: Partial<Record<NetworkTransport, TestNetwork>> = {};
beforeAll(async () => {
  for (const t of ['http', 'nats'] as const) {
    nets[t] = await startNetwork({
      members: [{ name: 'Flood Member', seed: SEED }],
      transport: t,
      hubOverrides: { ipInfo: null },
      hubConfig: { search: { maxAnswerBytes: 1024 * 1024, maxHitsPerValue: 2000 }, nats: { url: process.env.RENKEI_TEST_NATS ?? 'nats://127.0.0.1:4222', batchSize: 2000 } },
    });
  }
}, 120_000);
afterAll(async () => {
  for (const n of Object.values(nets)) await n?.close();
});

const search = (t: NetworkTransport): Promise<SearchResult> =>
  createHubClient({ baseUrl: nets[t]!.hub.url, apiKey: nets[t]!.users['Flood Member']!.analyst.key }).search({ values: [BIG, MID, ONE] });
const comparable = (r: SearchResult) => ({ ...r, id: '(id)', createdAt: 0, members: r.members.map((m) => ({ ...m, latencyMs: 0 })) });

describe('answers over the NATS payload limit', () => {
  it('are split and reported as over HTTP with the same byte bound', async () => {
    const overNats = await search('nats');
    expect(overNats.members.map((m) => [m.name, m.status, m.hits, m.error])).toEqual([
      ['Flood Member', 'truncated', 501, 'answer truncated: 1 values left out: their answer alone is over the size bound'],
    ]);
    expect(overNats.results.map((r) => [r.value, r.hits])).toEqual([
      [BIG, {}],
      [MID, { 'Flood Member': 500 }],
      [ONE, { 'Flood Member': 1 }],
    ]);
    expect(comparable(overNats)).toEqual(comparable(await search('http')));
  });
});
