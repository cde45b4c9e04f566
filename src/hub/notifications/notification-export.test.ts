/**
 * `GET /api/v1/notifications/export`: the owning ISP downloads its own reports as CSV or X-ARF for its
 * customer-notification systems; another member's export holds none of them; the hub admin's holds all;
 * the reporting member is counted, never named; an unknown format is a 400 with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

let net: TestNetwork;
const T = Date.parse('2026-12-01T10:00:00Z');
const get = async (key: string, path: string) => {
  const res = await fetch(`${net.hub.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

beforeAll(async () => {
  net = await startNetwork({ members: [{ name: 'Tsubaki Telecom' }, { name: 'Kinu Telecom' }, { name: 'Aoba CSIRT' }], hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 } } });
  const post = (key: string, path: string, body: unknown) => fetch(`${net.hub.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: number }>);
  for (const [member, value] of [['Tsubaki Telecom', '8.8.8.0/24'], ['Kinu Telecom', '9.9.9.0/24']] as const) {
    const c = await post(net.users[member]!.admin.key, '/api/v1/address-space/claims', { kind: 'prefix', value });
    await post(net.hub.admin.key, `/api/v1/address-space/claims/${c.id}/approve`, {});
  }
  await post(net.hub.admin.key, '/api/v1/notifications/reports', { source: 'honeypot', records: [
    { address: '8.8.8.5', category: 'scanner', time: T, evidence: { port: 23 } },
    { address: '8.8.8.5', category: 'scanner', time: T + 60_000 },
    { address: '9.9.9.9', category: 'bruteforce', time: T, evidence: { port: 22 } },
  ] });
  await post(net.users['Aoba CSIRT']!.analyst.key, '/api/v1/notifications/reports', { source: 'sensor', records: [{ address: '8.8.8.7', category: 'malware-infection', time: T }] });
}, 60_000);
afterAll(async () => net?.close());

describe('notification export', () => {
  it('gives each ISP its own reports as CSV and X-ARF, the hub admin all', async () => {
    const tsubaki = net.users['Tsubaki Telecom']!.analyst.key;
    const csv = await get(tsubaki, '/api/v1/notifications/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.text).toBe([
      'address,category,first_seen,last_seen,count,sources,reporter_members',
      '8.8.8.5,scanner,2026-12-01T10:00:00.000Z,2026-12-01T10:01:00.000Z,2,feed:honeypot,0',
      '8.8.8.7,malware-infection,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,1,sensor,1',
      '',
    ].join('\n'));
    expect((await get(net.users['Kinu Telecom']!.admin.key, '/api/v1/notifications/export')).text).toBe(
      'address,category,first_seen,last_seen,count,sources,reporter_members\n9.9.9.9,bruteforce,2026-12-01T10:00:00.000Z,2026-12-01T10:00:00.000Z,1,feed:honeypot,0\n');
    expect((await get(net.users['Aoba CSIRT']!.admin.key, '/api/v1/notifications/export')).text).toBe('address,category,first_seen,last_seen,count,sources,reporter_members\n');

    const xarf = JSON.parse((await get(tsubaki, '/api/v1/notifications/export?format=xarf')).text) as { reports: Array<Record<string, unknown>> };
    expect(xarf.reports).toEqual([
      { xarf_version: '4.0.0', report_id: `open:8.8.8.5:scanner:${Date.parse('2026-12-01T00:00:00Z')}`, timestamp: '2026-12-01T10:01:00.000Z', reporter: { org: 'renkei-hub', domain: 'renkei-hub' }, source_identifier: '8.8.8.5', category: 'scanner', evidence_source: ['feed:honeypot'], first_seen: '2026-12-01T10:00:00.000Z', count: 2, reporter_members: 0, evidence: { port: 23 } },
      { xarf_version: '4.0.0', report_id: `open:8.8.8.7:malware-infection:${Date.parse('2026-12-01T00:00:00Z')}`, timestamp: '2026-12-01T10:00:00.000Z', reporter: { org: 'renkei-hub', domain: 'renkei-hub' }, source_identifier: '8.8.8.7', category: 'malware-infection', evidence_source: ['sensor'], first_seen: '2026-12-01T10:00:00.000Z', count: 1, reporter_members: 1, evidence: {} },
    ]);
    expect(JSON.stringify(xarf)).not.toContain('Aoba');
    const all = JSON.parse((await get(net.hub.admin.key, '/api/v1/notifications/export?format=xarf')).text) as { reports: Array<{ source_identifier: string }> };
    expect(all.reports.map((r) => r.source_identifier)).toEqual(['8.8.8.5', '9.9.9.9', '8.8.8.7']);
    const bad = await get(tsubaki, '/api/v1/notifications/export?format=pdf');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'validation_failed' } });
  });
});
