/**
 * `renkei agent run --nats` as a real child process: the same log file delivered over JetStream to a hub
 * that consumes the stream gives exactly the figures of the same agent run delivered over HTTP to another
 * hub (same sensor, sketch salt and Crypto-PAn key). Real NATS (the machine's JetStream server), real SQLite.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../hub/create-hub.ts';
import { testNatsUrl } from '../../testkit/network.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/renkei.js');
const tag = Math.random().toString(36).slice(2, 8);
const STREAM = `RENKEI_STATS_AGENT_${tag}`;
const SUBJECT = `renkei.test.${tag}.stats`;
const SALT = 'agent-nats-test-sketch-salt-0123456789';
const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-agent-nats-'));
const hubs: { hub: Hub; url: string; key: string }[] = [];

const line = (time: string, src: string, dst: string, dport: number, sid: number) =>
  `12/01/2026-${time}.000000  [**] [1:${sid}:3] ET SCAN Test [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} ${src}:40000 -> ${dst}:${dport}`;

async function startHub(name: string, nats: boolean): Promise<{ hub: Hub; url: string; key: string }> {
  const db = path.join(dir, `${name}.db`);
  const hub = await createHub({
    db, keyFile: `${db}.key`, port: 0, host: '127.0.0.1', webDir: null, enrichment: { enabled: false, rangeDirs: [] },
    stats: { minMembers: 1, minSources: 1 },
    ...(nats ? { nats: { url: testNatsUrl(), statsConsumer: true, statsStream: STREAM, statsSubject: SUBJECT } } : {}),
  });
  const url = await hub.listen();
  const u = await hub.ctx.auth.createUser({ login: 'agent', password: null, orgName: 'Sakura ISAC', role: 'analyst' });
  const h = { hub, url, key: (await hub.ctx.auth.createKey(u.id, 'agent')).key };
  hubs.push(h);
  return h;
}

const runAgent = (key: string, args: string[]): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'agent', 'run', ...args], { env: { ...process.env, RENKEI_HUB_KEY: key }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });

/** The member's own figures per dimension over December 1st. */
async function figures(h: { url: string; key: string }): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const d of ['port', 'signature', 'country', 'asn']) {
    const r = await fetch(`${h.url}/api/v1/stats/top?dimension=${d}&period=hour&mine=1&limit=100&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`, { headers: { authorization: `Bearer ${h.key}` } });
    expect(r.status).toBe(200);
    out[d] = await r.json();
  }
  return out;
}

beforeAll(() => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(line(`10:${String(10 + (i % 40)).padStart(2, '0')}:00`, `45.${i % 7}.${i % 5}.${i}`, `192.0.2.${i % 3}`, [22, 23, 445][i % 3]!, 2001219 + (i % 2)));
  for (let i = 0; i < 15; i++) lines.push(line(`11:0${i % 10}:00`, `103.${i}.1.2`, '192.0.2.9', 3389, 2002910));
  writeFileSync(path.join(dir, 'fast.log'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'cryptopan.key'), randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
});
afterAll(async () => {
  for (const h of hubs) await h.hub.close().catch(() => undefined);
  const nc = await connect({ servers: testNatsUrl() });
  await (await jetstreamManager(nc)).streams.delete(STREAM).catch(() => undefined);
  await nc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('renkei agent run --nats', () => {
  it('delivers over JetStream the same figures as over HTTP', async () => {
    const viaHttp = await startHub('http', false);
    const viaNats = await startHub('nats', true);
    const common = (spool: string) => ['--input', path.join(dir, 'fast.log'), '--k', '1', '--sensor', 'sensor-1', '--sketch-salt', SALT, '--key-file', path.join(dir, 'cryptopan.key'), '--spool', path.join(dir, spool)];
    const a = await runAgent(viaHttp.key, ['--hub', viaHttp.url, ...common('spool-http')]);
    expect(a.code, a.stderr).toBe(0);
    const b = await runAgent(viaNats.key, ['--hub', viaNats.url, '--nats', testNatsUrl(), '--nats-subject', SUBJECT, ...common('spool-nats')]);
    expect(b.code, b.stderr).toBe(0);
    const expected = await figures(viaHttp);
    expect((expected.port as { buckets: { items: { key: string; events: number }[] }[] }).buckets.flatMap((x) => x.items.map((i) => [i.key, i.events]))).toEqual([
      ['22', 14], ['23', 13], ['445', 13], ['3389', 15],
    ]);
    // The hub's consumer ingests asynchronously: wait until its figures stop being empty, then compare whole answers.
    let got: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) {
      got = await figures(viaNats);
      if (JSON.stringify(got) === JSON.stringify(expected)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(got).toEqual(expected);
  }, 180_000);
});
