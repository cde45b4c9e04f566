/**
 * Hub benchmark (issue 4 §7): 853 values × 5 member nodes, each a separate process holding
 * RENKEI_BENCH_HUB_ATTRIBUTES (default 1,000,000) generated indicators (one generated SQLite file, copied
 * per member). Reports the end-to-end p50/p95 of the streamed cross-search through the hub's HTTP API,
 * and the in-process lookup floor for the same work (5 × the node's normalise → plan → lookup) as a ratio.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHubClient } from '../src/client/hub-client.ts';
import type { MatchKind } from '../src/contracts/match-kinds.ts';
import { MATCH_KINDS } from '../src/contracts/match-kinds.ts';
import { normalize } from '../src/core/indicators/normalize.ts';
import { planLookup } from '../src/core/matching/plan.ts';
import { createHub } from '../src/hub/create-hub.ts';
import { openStore } from '../src/storage/open-store.ts';
import { sampleSearchValues } from '../src/testkit/generate-attributes.ts';
import { pct, prepareNodeDb, startNodeProcess } from './lib-node-fixture.ts';
import type { BenchRow } from './types.ts';

const ATTRIBUTES = Number(process.env.RENKEI_BENCH_HUB_ATTRIBUTES ?? 1_000_000);
const SEED = 7; // same generated data as bench/node.ts, so the cached database is shared
const MEMBERS = 5;
const RUNS = 20;

/** The same lookups the five nodes do, in this process, sequentially: the floor under the fan-out. */
async function floorMs(db: string, values: string[]): Promise<number> {
  const opened = await openStore(db);
  try {
    const times: number[] = [];
    for (let run = 0; run < 8; run++) {
      const t = performance.now();
      for (let m = 0; m < MEMBERS; m++) {
        const vals = values.map((v) => normalize(v)).filter((n) => n.ok).map((n) => ({ type: n.type, value: n.value }));
        const plan = planLookup(vals, [...MATCH_KINDS] as MatchKind[]);
        await opened.store.lookup(plan.probes, { orgId: -1, sharingGroupIds: [] });
      }
      if (run >= 2) times.push(performance.now() - t);
    }
    return pct(times.sort((a, b) => a - b), 0.5);
  } finally {
    await opened.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-hub-'));
  const children: ChildProcess[] = [];
  try {
    const first = path.join(dir, 'member-1.sqlite');
    const key = await prepareNodeDb(first, { attributes: ATTRIBUTES, seed: SEED, keyOrg: 'renkei-hub', role: 'search', label: 'hub' });
    const dbs = [first];
    for (let i = 2; i <= MEMBERS; i++) {
      const p = path.join(dir, `member-${i}.sqlite`);
      copyFileSync(first, p);
      dbs.push(p);
    }
    const urls: string[] = [];
    for (const db of dbs) {
      const n = await startNodeProcess(db);
      children.push(n.child);
      urls.push(n.url);
    }
    const hub = await createHub({ db: path.join(dir, 'hub.db'), port: 0, webDir: null });
    try {
      await hub.listen();
      for (const [i, url] of urls.entries()) {
        const m = await hub.ctx.members.add(`Member ${i + 1}`);
        await hub.ctx.members.addSource(m.id, { kind: 'renkei', url, apiKey: key, verifyTls: true });
      }
      const u = await hub.ctx.auth.createUser({ login: 'bench', password: null, orgName: 'Bench Searcher', role: 'analyst' });
      const client = createHubClient({ baseUrl: hub.url, apiKey: (await hub.ctx.auth.createKey(u.id, 'bench')).key });
      const times: number[] = [];
      const slowest: number[] = [];
      let hits = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const values = sampleSearchValues({ attributes: ATTRIBUTES, seed: SEED, count: 853, sampleSeed: 300 + i }).map((v) => v.value);
        const t = performance.now();
        const r = await client.search({ values });
        const ms = performance.now() - t;
        if (r.members.some((m) => m.status !== 'ok')) throw new Error(`member failed: ${JSON.stringify(r.members)}`);
        if (i < 3) continue;
        times.push(ms);
        slowest.push(Math.max(...r.members.map((m) => m.latencyMs ?? 0)));
        hits += r.members.reduce((n, m) => n + m.hits, 0);
      }
      times.sort((a, b) => a - b);
      const floor = await floorMs(first, sampleSearchValues({ attributes: ATTRIBUTES, seed: SEED, count: 853, sampleSeed: 300 }).map((v) => v.value));
      const p50 = pct(times, 0.5);
      const slow50 = pct(slowest.sort((a, b) => a - b), 0.5);
      const size = `${ATTRIBUTES >= 1e6 ? (ATTRIBUTES / 1e6).toFixed(0) + 'M' : (ATTRIBUTES / 1e3).toFixed(0) + 'k'}`;
      process.stderr.write(`  hub: p50 ${p50.toFixed(1)} ms, floor ${floor.toFixed(1)} ms, ${(hits / times.length).toFixed(0)} hits per search\n`);
      return [
        { name: `cross-search 853 values × 5 nodes × ${size} p50`, value: Math.round(p50 * 10) / 10, unit: 'ms', target: '<= 250', ok: p50 <= 250, note: `${RUNS} searches, streamed NDJSON over HTTP, enrichment on; ${(hits / times.length).toFixed(0)} hits/search` },
        { name: `cross-search 853 values × 5 nodes × ${size} p95`, value: Math.round(pct(times, 0.95) * 10) / 10, unit: 'ms' },
        { name: 'slowest member round trip p50 (hub → node → hub)', value: Math.round(slow50 * 10) / 10, unit: 'ms', note: 'the rest of the end-to-end time is hub-side work and streaming' },
        { name: 'in-process lookup floor (same 5 × 853 lookups, sequential)', value: Math.round(floor * 10) / 10, unit: 'ms', note: `end-to-end / floor = ${(p50 / floor).toFixed(2)}×` },
      ];
    } finally {
      await hub.close();
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

