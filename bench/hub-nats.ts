/**
 * Hub over NATS beside HTTP (issue 18 §6): 853 values × RENKEI_BENCH_NATS_MEMBERS (default 20) member
 * nodes, each a separate process holding RENKEI_BENCH_NATS_ATTRIBUTES (default 200,000) generated
 * indicators and serving both transports. One hub reaches the nodes over HTTP, another over NATS
 * request/reply (the nodes dial out to RENKEI_TEST_NATS); searches alternate between the two so both see
 * the same machine load. Reports p50/p95 of each and the NATS/HTTP ratio.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHubClient } from '../src/client/hub-client.ts';
import { createHub, type Hub } from '../src/hub/create-hub.ts';
import { sampleSearchValues } from '../src/testkit/generate-attributes.ts';
import { testNatsUrl } from '../src/testkit/network.ts';
import { pct, prepareNodeDb, startNodeProcess, stopNodeProcess } from './lib-node-fixture.ts';
import type { BenchRow } from './types.ts';

const ATTRIBUTES = Number(process.env.RENKEI_BENCH_NATS_ATTRIBUTES ?? 200_000);
const MEMBERS = Number(process.env.RENKEI_BENCH_NATS_MEMBERS ?? 20);
// Node processes started at once: starting 20 one by one takes minutes on a loaded machine.
const START_PARALLEL = 5;
const SEED = 11;
const RUNS = 20;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-nats-'));
  const children: ChildProcess[] = [];
  const hubs: Hub[] = [];
  // Several benches and tests may share the NATS server: subjects carry this run's tag.
  const tag = Math.random().toString(36).slice(2, 8);
  try {
    const first = path.join(dir, 'member-1.sqlite');
    const key = await prepareNodeDb(first, { attributes: ATTRIBUTES, seed: SEED, keyOrg: 'renkei-hub', role: 'search', label: 'hub' });
    const nodes: { url: string; member: string }[] = [];
    for (let start = 1; start <= MEMBERS; start += START_PARALLEL) {
      const group = Array.from({ length: Math.min(START_PARALLEL, MEMBERS - start + 1) }, (_, j) => start + j);
      const started = await Promise.all(
        group.map(async (i) => {
          const db = path.join(dir, `member-${i}.sqlite`);
          if (i > 1) copyFileSync(first, db);
          const member = `bench-${tag}-${i}`;
          const n = await startNodeProcess(db, { url: testNatsUrl(), member });
          children.push(n.child);
          return { url: n.url, member };
        }),
      );
      nodes.push(...started);
    }
    process.stderr.write(`  hub-nats: ${MEMBERS} node processes up\n`);
    const clients: Record<'http' | 'nats', ReturnType<typeof createHubClient>> = {} as never;
    for (const t of ['http', 'nats'] as const) {
      // A generous deadline: 20 node processes on a loaded machine must not turn a slow answer into a failed run.
      const hub = await createHub({ db: path.join(dir, `hub-${t}.db`), port: 0, webDir: null, nats: { url: testNatsUrl() }, search: { deadlineMs: 60_000 } });
      hubs.push(hub);
      await hub.listen();
      for (const [i, n] of nodes.entries()) {
        const m = await hub.ctx.members.add(`Member ${i + 1}`);
        await hub.ctx.members.addSource(m.id, { kind: 'renkei', url: t === 'http' ? n.url : `nats:${n.member}`, apiKey: key, verifyTls: true });
      }
      const u = await hub.ctx.auth.createUser({ login: 'bench', password: null, orgName: 'Bench Searcher', role: 'analyst' });
      clients[t] = createHubClient({ baseUrl: hub.url, apiKey: (await hub.ctx.auth.createKey(u.id, 'bench')).key });
    }
    const times = { http: [] as number[], nats: [] as number[] };
    const hits = { http: 0, nats: 0 };
    for (let i = 0; i < RUNS + 3; i++) {
      const values = sampleSearchValues({ attributes: ATTRIBUTES, seed: SEED, count: 853, sampleSeed: 500 + i }).map((v) => v.value);
      for (const t of i % 2 === 0 ? (['http', 'nats'] as const) : (['nats', 'http'] as const)) {
        const t0 = performance.now();
        const r = await clients[t].search({ values });
        const ms = performance.now() - t0;
        if (r.members.some((m) => m.status !== 'ok')) throw new Error(`${t} member failed: ${JSON.stringify(r.members)}`);
        if (i < 3) continue;
        times[t].push(ms);
        hits[t] += r.members.reduce((n, m) => n + m.hits, 0);
      }
    }
    if (hits.http !== hits.nats) throw new Error(`transports disagree: ${hits.http} hits over HTTP, ${hits.nats} over NATS`);
    for (const t of ['http', 'nats'] as const) times[t].sort((a, b) => a - b);
    const size = `${(ATTRIBUTES / 1e3).toFixed(0)}k`;
    const p50 = { http: pct(times.http, 0.5), nats: pct(times.nats, 0.5) };
    process.stderr.write(`  hub-nats: p50 HTTP ${p50.http.toFixed(1)} ms, NATS ${p50.nats.toFixed(1)} ms\n`);
    const r1 = (n: number) => Math.round(n * 10) / 10;
    const note = `${RUNS} searches each, alternating; ${(hits.nats / RUNS).toFixed(0)} hits/search on both`;
    return [
      { name: `cross-search 853 values × ${MEMBERS} nodes × ${size} over NATS p50`, value: r1(p50.nats), unit: 'ms', note: `NATS / HTTP = ${(p50.nats / p50.http).toFixed(2)}×; ${note}` },
      { name: `cross-search 853 values × ${MEMBERS} nodes × ${size} over NATS p95`, value: r1(pct(times.nats, 0.95)), unit: 'ms' },
      { name: `cross-search 853 values × ${MEMBERS} nodes × ${size} over HTTP p50`, value: r1(p50.http), unit: 'ms', note: 'same node processes, same values' },
      { name: `cross-search 853 values × ${MEMBERS} nodes × ${size} over HTTP p95`, value: r1(pct(times.http, 0.95)), unit: 'ms' },
    ];
  } finally {
    for (const h of hubs) await h.close().catch(() => undefined);
    for (const c of children) await stopNodeProcess(c);
    rmSync(dir, { recursive: true, force: true });
  }
}
