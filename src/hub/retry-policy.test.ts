/**
 * The retry policy per failure kind, for Renkei-type and MISP-type sources, counted at real HTTP servers:
 * HTTP 500 and a dropped connection are retried (first try + `retries`, per batch), a refused connection is
 * retried too (the status line says how often), a hang is not retried and ends at the deadline. The
 * healthy member's hits stand whatever the others do.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import type { MemberResult } from '../contracts/hub-api.ts';
import { startNetwork, type TestNetwork } from '../testkit/network.ts';
import { generateWorld } from './demo/world.ts';

const RETRIES = 2;
const CONCURRENCY = 4;
const world = generateWorld({ fillerPerMember: 100 });
const healthy = world.members[2]!;
const servers: (http.Server | net.Server)[] = [];
const calls: Record<string, number> = {};
/** Per server: how often each batch (keyed by its first value) was sent. */
const perBatch: Record<string, Map<string, number>> = {};

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A server counting search calls (`/federation/v1/search` or `/attributes/restSearch`) under `name`. */
async function serve(name: string, b: Behaviour): Promise<string> {
  calls[name] = 0;
  perBatch[name] = new Map();
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/federation/v1/search' || req.url === '/attributes/restSearch') {
        calls[name]!++;
        const j = JSON.parse(body) as { values?: { value: string }[]; value?: string[] };
        const first = j.values?.[0]?.value ?? j.value?.[0] ?? '';
        perBatch[name]!.set(first, (perBatch[name]!.get(first) ?? 0) + 1);
      }
      b(req, res);
    });
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
/** A port nothing listens on: connections are refused. */
async function refusedUrl(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}
const fail500: Behaviour = (req, res) => {
  req.resume();
  res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
};
const drop: Behaviour = (req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
  res.write('{"res');
  setTimeout(() => res.socket?.destroy(), 10);
};
const hang: Behaviour = (req) => void req.resume();

let network: TestNetwork;
const kinds = ['renkei', 'misp'] as const;
const failures = ['500', 'drop', 'refuse', 'hang'] as const;
const nameOf = (kind: string, failure: string): string => `${kind}-${failure}`;

beforeAll(async () => {
  network = await startNetwork({
    members: [{ name: healthy.name, seed: healthy.events }],
    hubConfig: { search: { deadlineMs: 6000, retries: RETRIES, backoffMs: 20, perSourceConcurrency: CONCURRENCY, renkeiBatchSize: 2000, checkTimeoutMs: 1000 }, enrichment: { enabled: false, rangeDirs: [] } },
  });
  const { members } = network.hub.hub.ctx;
  for (const kind of kinds) {
    for (const failure of failures) {
      const name = nameOf(kind, failure);
      const url = failure === 'refuse' ? await refusedUrl() : await serve(name, failure === '500' ? fail500 : failure === 'drop' ? drop : hang);
      await members.add(name, undefined, { input: { kind, url, apiKey: kind === 'misp' ? 'm'.repeat(40) : 'k', verifyTls: true }, skipCheck: true });
    }
  }
});
afterAll(async () => {
  for (const s of servers) {
    if (s instanceof http.Server) s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await network?.close();
});

describe('retry policy per failure kind', () => {
  it('retries 500, drops and refusals per batch, not hangs; MISP-type sources alike', { timeout: 120_000 }, async () => {
    const c = createHubClient({ baseUrl: network.hub.url, apiKey: network.hub.admin.key });
    const r = await c.search({ values: world.sample });
    const by: Record<string, MemberResult> = Object.fromEntries(r.members.map((m) => [m.name, m]));
    expect(by[healthy.name]).toMatchObject({ status: 'ok', hits: healthy.shared });

    // 853 values: one Renkei batch (2,000), five MISP batches (200).
    const batches = { renkei: 1, misp: 5 };
    for (const kind of kinds) {
      const tries = RETRIES + 1;
      // Each batch is tried at most first try + retries; once one batch has given up, the source is known
      // broken and the other batches stop retrying it (so the total is at most batches × tries).
      for (const failure of ['500', 'drop'] as const) {
        const counts = [...perBatch[nameOf(kind, failure)]!.values()];
        expect(Math.max(...counts), `${kind} ${failure}`).toBe(tries);
        expect(counts.every((n) => n >= 1 && n <= tries), `${kind} ${failure} ${counts.join(',')}`).toBe(true);
        if (kind === 'renkei') expect(counts).toEqual([tries]);
        else expect(counts.length).toBeGreaterThanOrEqual(CONCURRENCY);
      }
      expect(by[nameOf(kind, '500')]).toMatchObject({ status: 'error', hits: 0 });
      expect(by[nameOf(kind, '500')]!.error).toMatch(new RegExp(`HTTP 500 \\(after ${tries} attempts\\)`));

      expect(by[nameOf(kind, 'drop')]!.error).toMatch(new RegExp(`dropped mid-answer \\(after ${tries} attempts\\)`));

      expect(by[nameOf(kind, 'refuse')]).toMatchObject({ status: 'error', hits: 0 });
      expect(by[nameOf(kind, 'refuse')]!.error).toMatch(new RegExp(`unreachable .*ECONNREFUSED.*\\(after ${tries} attempts\\)`));

      // A hang is not retried: each batch that got a slot was sent once, then the deadline ended it.
      expect(calls[nameOf(kind, 'hang')], `${kind} hang`).toBe(Math.min(batches[kind], CONCURRENCY));
      expect(by[nameOf(kind, 'hang')]).toMatchObject({ status: 'timeout', hits: 0, error: 'timeout: no answer before the deadline' });
    }
    expect(r.members.filter((m) => m.status === 'ok').map((m) => m.name)).toEqual([healthy.name]);
  });
});
