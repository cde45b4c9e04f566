/**
 * Crash-safety harness shared by the agent's kill -9 property test and `npm run bench`: a real hub stats
 * endpoint (fastify + a stats store on loopback) and the agent as a real child process (`renkei agent run`)
 * that is SIGKILLed at chosen moments, including while the hub has stored a batch but not yet answered.
 */
import { spawn } from 'node:child_process';
import Fastify, { type FastifyInstance } from 'fastify';
import { statsRoutes } from '../../hub/stats/stats-routes.ts';
import type { StatsStore, StoredRow } from '../../storage/stats/port.ts';

/** A stats hub under test; `stallNext` makes it store the next batches and then never answer. */
export interface TestHub {
  app: FastifyInstance;
  store: StatsStore;
  url: string;
  stallNext: number;
  ingested: number;
  close(): Promise<void>;
}

/** Starts the stats routes on 127.0.0.1 over `store` (migrated by the caller); the agent key is `agent-key`. */
export async function startTestHub(store: StatsStore): Promise<TestHub> {
  const app = Fastify({ forceCloseConnections: true });
  const hub: TestHub = { app, store, url: '', stallNext: 0, ingested: 0, close: async () => { await app.close(); } };
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.url.endsWith('/ingest')) {
      hub.ingested++;
      if (hub.stallNext > 0) {
        hub.stallNext--;
        await new Promise(() => undefined);
      }
    }
    return payload;
  });
  await app.register(statsRoutes, {
    prefix: '/api/v1/stats',
    stats: store,
    resolvePrincipal: async (req) => (req.headers.authorization === 'Bearer agent-key' ? { orgName: 'member-a', role: 'agent' } : null),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  hub.url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return hub;
}

/** How one agent process ended. */
export interface AgentExit {
  code: number | null;
  signal: string | null;
  stderr: string;
}

/** Agent settings shared by every run of one scenario (same salt and Crypto-PAn key, so sketches compare). */
export interface AgentArgs {
  inputs: string[];
  spool: string;
  salt: string;
  keyFile: string;
  extra?: string[];
}

/** Runs `renkei agent run` once; kills it with SIGKILL after `killAfterMs` or as soon as `killWhen()` holds. */
export function runAgentProcess(hub: TestHub, a: AgentArgs, killAfterMs: number | null, killWhen?: () => boolean): Promise<AgentExit> {
  return new Promise((resolve) => {
    const args = ['bin/renkei.js', 'agent', 'run', '--input', ...a.inputs, '--hub', hub.url, '--key', 'agent-key', '--spool', a.spool, '--sensor', 'sensor-1', '--member', 'member-a', '--checkpoint-ms', '100', '--sketch-salt', a.salt, '--key-file', a.keyFile, '--own-networks', '198.51.100.0/24,2001:db8:c0::/48', ...(a.extra ?? [])];
    const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const poll = killWhen ? setInterval(() => killWhen() && child.kill('SIGKILL'), 5) : null;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

/** What a crashy sequence of runs did. */
export interface KillRunReport {
  runs: number;
  kills: number;
  stalls: number;
}

/**
 * Runs the agent over the same input again and again, killing it `kills` times (odd attempts while the hub
 * stalls after storing a batch, others at random times or right after the n-th delivered batch), then once
 * to the end. `rand` makes the kill points reproducible.
 */
export async function killedRuns(hub: TestHub, a: AgentArgs, kills: number, rand: () => number): Promise<KillRunReport> {
  const report: KillRunReport = { runs: 0, kills: 0, stalls: 0 };
  for (let attempt = 0; attempt <= kills; attempt++) {
    const last = attempt === kills;
    const stall = !last && attempt % 2 === 1;
    if (stall) hub.stallNext = 1;
    const before = hub.ingested;
    const n = 1 + Math.floor(rand() * 3);
    const run = last
      ? await runAgentProcess(hub, a, null)
      : stall
        ? await runAgentProcess(hub, a, 60_000, () => hub.ingested > before)
        : await runAgentProcess(hub, a, 700 + Math.floor(rand() * 2500), () => hub.ingested >= before + n);
    report.runs++;
    if (stall && hub.ingested > before) report.stalls++;
    hub.stallNext = 0;
    if (last) {
      if (run.code !== 0) throw new Error(`final agent run failed (${run.code} ${run.signal}): ${run.stderr.slice(-2000)}`);
      break;
    }
    if (run.signal === 'SIGKILL') report.kills++;
    else if (run.code !== 0) throw new Error(`agent run failed (${run.code}): ${run.stderr.slice(-2000)}`);
  }
  return report;
}

/** The hub's final aggregates, row by row (merged cells with their sketches) and sensor-hours covered. */
export async function hubAggregates(store: StatsStore): Promise<{ rows: Array<Omit<StoredRow, 'member'>>; coverage: string[] }> {
  const rows = (await store.rows({ from: 0, to: 4_000_000_000 })).map(({ member: _m, ...r }) => r);
  const coverage = (await store.coverage({ from: 0, to: 4_000_000_000 })).map((c) => `${c.sensorId}@${c.hour}`).sort();
  return { rows, coverage };
}

/** Events missing from and added to `got` compared with `want`, summed over keys (the bench's lost/doubled). */
export function lostAndDoubled(want: Array<Omit<StoredRow, 'member'>>, got: Array<Omit<StoredRow, 'member'>>): { lost: number; doubled: number; sketchDiffs: number } {
  const key = (r: Omit<StoredRow, 'member'>): string => `${r.hour}|${r.sensorId}|${r.kind}|${r.sid}|${r.signature}|${r.category}|${r.port}|${r.proto}|${r.country}|${r.asn}`;
  const w = new Map(want.map((r) => [key(r), r]));
  const g = new Map(got.map((r) => [key(r), r]));
  let lost = 0;
  let doubled = 0;
  let sketchDiffs = 0;
  for (const [k, r] of w) {
    const o = g.get(k);
    const n = o?.events ?? 0;
    if (n < r.events) lost += r.events - n;
    if (n > r.events) doubled += n - r.events;
    if (o && (o.sources !== r.sources || o.targets !== r.targets)) sketchDiffs++;
  }
  for (const [k, r] of g) if (!w.has(k)) doubled += r.events;
  return { lost, doubled, sketchDiffs };
}
