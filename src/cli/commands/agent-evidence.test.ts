/**
 * `renkei agent run --ship-evidence` as a real child process against a real hub: only attack sources
 * inside approved registered space reach the hub, routed to the owning ISP, once per address and hour;
 * planted customer-side addresses (--own-networks, even inside registered space), unregistered sources and
 * registered addresses seen only as destinations never leave the agent; without the flag nothing is shipped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/renkei.js');
let net: TestNetwork;
let dir = '';

const line = (time: string, src: string, dst: string, dport: number, sid = 2001219) =>
  `12/01/2026-${time}.000000  [**] [1:${sid}:20] ET SCAN Potential SSH Scan [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} ${src}:40000 -> ${dst}:${dport}`;

const runAgent = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'agent', 'run', ...args], { env: { ...process.env, RENKEI_HUB_KEY: net.users['Aoba CSIRT']!.analyst.key }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-agent-evidence-'));
  net = await startNetwork({ members: [{ name: 'Tsubaki Telecom' }, { name: 'Aoba CSIRT' }], hubConfig: { enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 } } });
  const c = (await (await fetch(`${net.hub.url}/api/v1/address-space/claims`, { method: 'POST', headers: { authorization: `Bearer ${net.users['Tsubaki Telecom']!.admin.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'prefix', value: '8.8.8.0/24' }) })).json()) as { id: number };
  await fetch(`${net.hub.url}/api/v1/address-space/claims/${c.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${net.hub.admin.key}` } });
  writeFileSync(path.join(dir, 'fast.log'), [
    line('10:17:00', '8.8.8.77', '192.0.2.10', 22),
    line('10:18:00', '8.8.8.77', '192.0.2.11', 23, 2002910),
    // Planted customer-side address: inside registered space, but one of the member's own networks.
    line('10:19:00', '8.8.8.3', '192.0.2.10', 22),
    // A source outside registered space, and a registered address only as the destination.
    line('10:20:00', '45.1.2.3', '192.0.2.10', 22),
    line('10:21:00', '192.0.2.10', '8.8.8.99', 22),
  ].join('\n') + '\n');
}, 60_000);
afterAll(async () => {
  await net?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('renkei agent run --ship-evidence', () => {
  it('ships registered, non-customer sources to their owner only, and nothing without the flag', async () => {
    const common = ['--hub', net.hub.url, '--input', path.join(dir, 'fast.log'), '--own-networks', '8.8.8.0/28,192.0.2.0/24', '--k', '1'];
    const off = await runAgent([...common, '--spool', path.join(dir, 'spool-off')]);
    expect(off.code).toBe(0);
    expect(await net.hub.hub.ctx.notifications.reports({ kind: 'hub-admin' })).toEqual([]);

    const bad = await runAgent([...common, '--spool', path.join(dir, 'spool-bad'), '--ship-evidence', '--evidence-source', 'no spaces']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--evidence-source');

    const on = await runAgent([...common, '--spool', path.join(dir, 'spool-on'), '--ship-evidence', '--evidence-source', 'aoba-ids']);
    expect(on.code).toBe(0);
    const tsubaki = (await net.hub.hub.ctx.store.getMember('Tsubaki Telecom'))!.id;
    const all = await net.hub.hub.ctx.notifications.reports({ kind: 'hub-admin' });
    expect(all.map((r) => [r.memberId, r.address, r.category, r.count, r.sources, r.reporterCount, r.evidence])).toEqual([
      [tsubaki, '8.8.8.77', 'ids-alert', 1, ['aoba-ids'], 1, { hour: '2026-12-01T10:00:00.000Z', count: 2, signatureIds: [2001219, 2002910], ports: [22, 23], protocols: ['tcp'] }],
    ]);
    const text = JSON.stringify(all);
    for (const never of ['8.8.8.3', '45.1.2.3', '192.0.2', '8.8.8.99']) expect(text).not.toContain(never);
    // Tsubaki's inbox has it; Aoba (the reporter) sees none of it.
    expect((await net.hub.hub.ctx.notifications.reports({ kind: 'member', memberId: tsubaki })).map((r) => r.address)).toEqual(['8.8.8.77']);
    const aoba = (await net.hub.hub.ctx.store.getMember('Aoba CSIRT'))!.id;
    expect(await net.hub.hub.ctx.notifications.reports({ kind: 'member', memberId: aoba })).toEqual([]);
  }, 120_000);
});
