/**
 * Agent → hub evidence over real HTTP: only source addresses inside approved registered space arrive at
 * the hub, addressed to their owner; destinations, unregistered sources and planted customer-side
 * addresses (the member's own networks, even inside registered space) never leave; off by default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import type { LogEvent } from '../parse/types.ts';
import { networkSet } from '../pipeline/networks.ts';
import { shipRegisteredEvidence } from './evidence-shipper.ts';

let net: TestNetwork;
beforeAll(async () => {
  net = await startNetwork({ members: [{ name: 'Tsubaki Telecom' }, { name: 'Aoba CSIRT' }], hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 } } });
  const c = (await (await fetch(`${net.hub.url}/api/v1/address-space/claims`, { method: 'POST', headers: { authorization: `Bearer ${net.users['Tsubaki Telecom']!.admin.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'prefix', value: '8.8.8.0/24' }) })).json()) as { id: number };
  await fetch(`${net.hub.url}/api/v1/address-space/claims/${c.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${net.hub.admin.key}` } });
}, 60_000);
afterAll(async () => net?.close());

const T = Date.parse('2026-12-01T10:17:00Z');
const ev = (srcIp: string, destIp: string, over: Partial<LogEvent> = {}): LogEvent => ({
  ts: T, kind: 'alert', srcIp, srcPort: 40000, destIp, destPort: 22, servicePort: 22, proto: 'TCP', gid: 1, sid: 2001219,
  signature: 'ET SCAN', category: 'Attempted Information Leak', severity: 2, action: 'allowed', targetIp: null, namesFromParser: false, ...over,
});

describe('agent evidence for registered space', () => {
  it('ships only registered, non-customer source addresses, per address and hour', async () => {
    const events = [
      ev('8.8.8.77', '192.0.2.10'),
      ev('8.8.8.77', '192.0.2.11', { ts: T + 60_000, destPort: 23, sid: 2002910 }),
      ev('8.8.8.77', '192.0.2.10', { ts: T + 3600_000 }),
      // Planted customer-side address: inside registered space but in the member's own networks.
      ev('8.8.8.3', '192.0.2.10'),
      // The customer attacked from outside registered space; and a registered address only as destination.
      ev('45.1.2.3', '192.0.2.10'),
      ev('192.0.2.10', '8.8.8.99'),
      ev('8.8.8.78', '192.0.2.10', { kind: 'dns' }),
    ];
    const opts = { hubUrl: net.hub.url, apiKey: net.users['Aoba CSIRT']!.analyst.key, own: networkSet(['8.8.8.0/28', '192.0.2.0/24']) };
    expect(await shipRegisteredEvidence(events, { ...opts, enabled: false })).toEqual({ rows: 0, kept: 0 });
    expect(await net.hub.hub.ctx.notifications.reports({ kind: 'hub-admin' })).toEqual([]);
    expect(await shipRegisteredEvidence(events, { ...opts, enabled: true })).toEqual({ rows: 2, kept: 3 });

    const tsubaki = (await net.hub.hub.ctx.store.getMember('Tsubaki Telecom'))!.id;
    const all = await net.hub.hub.ctx.notifications.reports({ kind: 'hub-admin' });
    expect(all.map((r) => [r.memberId, r.address, r.category, r.windowStart, r.count, r.sources, r.reporterCount, r.evidence])).toEqual([
      [tsubaki, '8.8.8.77', 'ids-alert', Date.parse('2026-12-01T00:00:00Z'), 2, ['agent'], 1, { hour: '2026-12-01T10:00:00.000Z', count: 2, signatureIds: [2001219, 2002910], ports: [22, 23], protocols: ['tcp'] }],
    ]);
    const text = JSON.stringify(all);
    for (const never of ['8.8.8.3', '45.1.2.3', '192.0.2', '8.8.8.99', '8.8.8.78']) expect(text).not.toContain(never);
  });
});
