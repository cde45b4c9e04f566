/**
 * Feedback for an owner whose node is not serving (NATS, no responders): the hub records it as `pending`
 * (nothing is lost, nothing claims delivery), the owner reads it at the hub, and it is delivered with the
 * organisation's next feedback on that search once the node dials out again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { attr, call, event } from '../../node/test-support.ts';
import { serveOverNats } from '../../node/nats/serve-nats.ts';
import { startNetwork, testNatsUrl, type TestNetwork } from '../../testkit/network.ts';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({
    hubOverrides: { ipInfo: null },
    hubConfig: { search: { deadlineMs: 3000, retries: 0, backoffMs: 10, perSourceConcurrency: 4, renkeiBatchSize: 2000, checkTimeoutMs: 2000 } },
    transport: 'nats',
    members: [{ name: 'Owner CERT', seed: [event('c2', [attr('ip-dst', '45.2.0.1')], { tlp: 'green' })] }, { name: 'Searcher SOC', seed: [] }],
  });
}, 120_000);
afterAll(async () => net?.close());

describe('feedback while the owner is unreachable', () => {
  it('is kept pending at the hub and still shown to the owner', async () => {
    const key = net.users['Searcher SOC']!.analyst.key;
    const r = await createHubClient({ baseUrl: net.hub.url, apiKey: key }).search({ values: ['45.2.0.1'] });
    const d = r.results[0]!.details[0]!;
    const node = net.nodes['Owner CERT']!;
    const member = node.node.nats()!.member;
    // The owner's node stops serving: the hub finds no responder on its subject.
    await node.node.nats()!.close();
    const res = await call(`${net.hub.url}/api/v1/searches/${r.id}/feedback`, `Bearer ${key}`, 'POST', { items: [{ index: 0, member: 'Owner CERT', attributeUuid: d.attribute.uuid, kind: 'seen', reveal: true }] });
    expect(res.json).toEqual({ results: [{ position: 0, status: 'pending' }] });
    const owner = await call(`${net.hub.url}/api/v1/feedback`, `Bearer ${net.users['Owner CERT']!.admin.key}`, 'GET');
    expect(owner.json.items.map((f: { value: string; author: string; relay: string }) => [f.value, f.author, f.relay])).toEqual([['45.2.0.1', 'Searcher SOC', 'pending']]);

    // The node dials out again; the organisation's next feedback on the search carries the pending one too.
    const again = await serveOverNats(node.node.ctx, { url: testNatsUrl(), creds: null, member });
    try {
      const res2 = await call(`${net.hub.url}/api/v1/searches/${r.id}/feedback`, `Bearer ${key}`, 'POST', { items: [{ index: 0, member: 'Owner CERT', attributeUuid: d.attribute.uuid, kind: 'expired', reveal: true }] });
      expect(res2.json).toEqual({ results: [{ position: 0, status: 'relayed' }] });
      const given = await call(`${net.hub.url}/api/v1/searches/${r.id}/feedback`, `Bearer ${key}`, 'GET');
      expect(given.json.given.map((g: { kind: string; relay: string }) => [g.kind, g.relay])).toEqual([['seen', 'relayed'], ['expired', 'relayed']]);
      const fe = await node.store.getEvent((await node.store.searchAttributes({ attributeUuids: [d.attribute.uuid], limit: 1 }, { orgId: node.ownerOrg.id, sharingGroupIds: [] })).items[0]!.event.id, { orgId: node.ownerOrg.id, sharingGroupIds: [] });
      expect(fe!.sightings.map((s) => s.type).sort()).toEqual([0, 2]);
    } finally {
      await again.close();
    }
  });
});
