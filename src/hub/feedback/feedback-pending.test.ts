/**
 * Feedback for an owner whose node is down: the hub records it as `pending` (nothing is lost, nothing
 * claims delivery), the owner reads it at the hub, and the answer says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { attr, call, event } from '../../node/test-support.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({
    hubOverrides: { ipInfo: null },
    hubConfig: { search: { deadlineMs: 3000, retries: 0, backoffMs: 10, perSourceConcurrency: 4, renkeiBatchSize: 2000, checkTimeoutMs: 2000 } },
    members: [{ name: 'Owner CERT', seed: [event('c2', [attr('ip-dst', '45.2.0.1')], { tlp: 'green' })] }, { name: 'Searcher SOC', seed: [] }],
  });
}, 120_000);
afterAll(async () => net?.close());

describe('feedback while the owner is unreachable', () => {
  it('is kept pending at the hub and still shown to the owner', async () => {
    const key = net.users['Searcher SOC']!.analyst.key;
    const r = await createHubClient({ baseUrl: net.hub.url, apiKey: key }).search({ values: ['45.2.0.1'] });
    const d = r.results[0]!.details[0]!;
    await net.nodes['Owner CERT']!.close();
    const res = await call(`${net.hub.url}/api/v1/searches/${r.id}/feedback`, `Bearer ${key}`, 'POST', { items: [{ index: 0, member: 'Owner CERT', attributeUuid: d.attribute.uuid, kind: 'seen', reveal: true }] });
    expect(res.json).toEqual({ results: [{ position: 0, status: 'pending' }] });
    const owner = await call(`${net.hub.url}/api/v1/feedback`, `Bearer ${net.users['Owner CERT']!.admin.key}`, 'GET');
    expect(owner.json.items.map((f: { value: string; author: string; relay: string }) => [f.value, f.author, f.relay])).toEqual([['45.2.0.1', 'Searcher SOC', 'pending']]);
  });
});
