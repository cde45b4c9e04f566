/**
 * At-least-once delivery with idempotent batch ids: the agent runs as a child process against a real hub
 * stats endpoint (fastify + SQLite), is SIGKILLed at random moments (including while the hub has stored a
 * batch but not yet answered), restarted, and must end with exactly the totals of a clean run.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HyperLogLog, mergedEstimate } from '../../core/sketch/hyperloglog.ts';
import type { StatsStore } from '../../storage/stats/port.ts';
import { createSqliteStatsStore } from '../../storage/stats/sqlite-stats-store.ts';
import { statsRoutes } from '../../hub/stats/stats-routes.ts';
import { writeEveLines } from '../generate/eve-generator.ts';

/** Both runs hash sources with the same salt, so their sketches must match register for register. */
const SALT = 'f'.repeat(64);

interface Hub {
  app: FastifyInstance;
  store: StatsStore;
  url: string;
  stallNext: number;
  ingested: number;
}

async function startHub(dir: string, name: string): Promise<Hub> {
  const store = createSqliteStatsStore(path.join(dir, `${name}.db`));
  await store.migrate();
  const app = Fastify({ forceCloseConnections: true });
  const hub = { app, store, url: '', stallNext: 0, ingested: 0 } as Hub;
  // After the route has stored a batch, optionally never answer: the agent is killed mid-send.
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

type Exit = { code: number | null; signal: string | null; stderr: string };

function runAgent(hub: Hub, input: string, spool: string, killAfterMs: number | null, killWhen?: () => boolean): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/renkei.js', 'agent', 'run', '--input', input, '--hub', hub.url, '--key', 'agent-key', '--spool', spool, '--sensor', 'sensor-1', '--member', 'member-a', '--checkpoint-ms', '150', '--sketch-salt', SALT, '--own-networks', '198.51.100.0/24,2001:db8:c0::/48'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const poll = killWhen ? setInterval(() => killWhen() && child.kill('SIGKILL'), 10) : null;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

function mergedSketch(list: string[]): string {
  const acc = new HyperLogLog();
  for (const s of list) acc.merge(HyperLogLog.deserialize(s));
  return acc.serialize();
}

async function totals(store: StatsStore): Promise<{ events: Record<string, number>; sources: Record<string, string>; rows: number; coverage: number }> {
  const rows = await store.rows({ from: 0, to: 4_000_000_000 });
  const events: Record<string, number> = {};
  const sketches: Record<string, string[]> = {};
  for (const r of rows) {
    const k = `${r.hour}|${r.sid}|${r.port}|${r.country}|${r.asn}`;
    events[k] = (events[k] ?? 0) + r.events;
    (sketches[k] ??= []).push(r.sources);
  }
  const sources = Object.fromEntries(Object.entries(sketches).map(([k, s]) => [k, `${mergedEstimate(s)} ${mergedSketch(s)}`]));
  return { events, sources, rows: rows.length, coverage: (await store.coverage({ from: 0, to: 4_000_000_000 })).length };
}

describe('agent delivery survives SIGKILL at any moment', () => {
  let dir: string;
  let input: string;
  const hubs: Hub[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-delivery-'));
    input = path.join(dir, 'eve.json');
    const out = createWriteStream(input);
    // 8 hours of log time, so several hours close (and are sent) while the agent is still reading.
    await writeEveLines(out, { lines: 40_000, seed: 7, perHour: 5000, sources: 3000 });
    await new Promise<void>((r) => out.end(r));
  });

  afterAll(async () => {
    for (const h of hubs) {
      await h.app.close();
      await h.store.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with exactly the totals of a clean run', async () => {
    const clean = await startHub(dir, 'clean');
    const crashy = await startHub(dir, 'crashy');
    hubs.push(clean, crashy);
    const first = await runAgent(clean, input, path.join(dir, 'spool-clean'), null);
    expect(first.code, first.stderr).toBe(0);
    const want = await totals(clean.store);
    expect(want.rows).toBeGreaterThan(100);
    expect(want.coverage).toBe(8);

    const spool = path.join(dir, 'spool-crashy');
    let kills = 0;
    let stalls = 0;
    let rng = 12345;
    const rand = (): number => ((rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    // Six killed runs (three at random moments, three mid-send), then one run left to finish.
    for (let attempt = 0; attempt < 7; attempt++) {
      const last = attempt === 6;
      // Odd runs: the hub stores the next batch, then never answers, and the agent is killed mid-send.
      const stall = !last && attempt % 2 === 1;
      if (stall) crashy.stallNext = 1;
      const before = crashy.ingested;
      const run = stall
        ? await runAgent(crashy, input, spool, 60_000, () => crashy.ingested > before)
        : last
          ? await runAgent(crashy, input, spool, null)
          : // Killed at a random time, or right after its first or second delivered batch if that comes sooner:
            // the agent may read the whole file in well under a second, so time alone would often miss it.
            await runAgent(crashy, input, spool, 1000 + Math.floor(rand() * 3000), ((n) => () => crashy.ingested >= before + n)(1 + Math.floor(rand() * 2)));
      if (stall && crashy.ingested > before) stalls++;
      crashy.stallNext = 0;
      if (last) {
        expect(run.code, run.stderr).toBe(0);
        break;
      }
      if (run.code === 0) continue;
      expect(run.signal, run.stderr).toBe('SIGKILL');
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(stalls).toBeGreaterThanOrEqual(1);
    const got = await totals(crashy.store);
    expect(got.events).toEqual(want.events);
    const diff = Object.keys(want.sources).filter((k) => got.sources[k] !== want.sources[k]).map((k) => `${k}: want ${want.sources[k]} got ${got.sources[k]}`);
    expect(diff).toEqual([]);
    expect(got.coverage).toBe(want.coverage);
  }, 240_000);
});
