/**
 * "Hits on my data" against real nodes on loopback, over HTTP and NATS: newest hits first, and the
 * organisation's own searches left out before each source's limit (so they never crowd others out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { attr, event } from '../../node/test-support.ts';
import { startNetwork, type NetworkTransport, type TestNetwork } from '../../testkit/network.ts';

describe.each<NetworkTransport>(['http', 'nats'])('hits on my data over %s', (transport) => {
  let net: TestNetwork;
  const as = (org: string) => createHubClient({ baseUrl: net.hub.url, apiKey: net.users[org]!.analyst.key });

  beforeAll(async () => {
    net = await startNetwork({
      transport,
      hubOverrides: { ipInfo: null },
      members: [
        { name: 'Owner CERT', seed: [event('c2 list', [attr('domain', 'first.example'), attr('domain', 'second.example')], { tlp: 'green' })] },
        { name: 'Other SOC', seed: [] },
      ],
    });
    // Oldest first: the owner's own searches, then another member's two, each a second apart in the log.
    for (let i = 0; i < 3; i++) await as('Owner CERT').search({ values: ['first.example'] });
    await as('Other SOC').search({ values: ['first.example'] });
    await as('Other SOC').search({ values: ['second.example'] });
  }, 180_000);
  afterAll(async () => net?.close());

  const seen = (hits: { searcherOrg: string; value: string }[]) => hits.map((h) => [h.searcherOrg, h.value]);

  it('lists the newest hit first, and only others’ searches by default, whatever the limit', async () => {
    expect(seen((await as('Owner CERT').hits({ limit: 1 })).hits)).toEqual([['Other SOC', 'second.example']]);
    expect(seen((await as('Owner CERT').hits({ limit: 2 })).hits)).toEqual([
      ['Other SOC', 'second.example'],
      ['Other SOC', 'first.example'],
    ]);
    expect(seen((await as('Owner CERT').hits({})).hits)).toEqual([
      ['Other SOC', 'second.example'],
      ['Other SOC', 'first.example'],
    ]);
  });

  it('includes the organisation’s own searches when asked, newest first', async () => {
    expect(seen((await as('Owner CERT').hits({ own: 1 })).hits)).toEqual([
      ['Other SOC', 'second.example'],
      ['Other SOC', 'first.example'],
      ['Owner CERT', 'first.example'],
      ['Owner CERT', 'first.example'],
      ['Owner CERT', 'first.example'],
    ]);
    expect(seen((await as('Owner CERT').hits({ own: 1, limit: 3 })).hits)).toEqual([
      ['Other SOC', 'second.example'],
      ['Other SOC', 'first.example'],
      ['Owner CERT', 'first.example'],
    ]);
  });
});
