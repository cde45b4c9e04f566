/**
 * Intel store benchmarks (issue 2 §5): bulk saveEvents of 1,000,000 generated attributes into SQLite
 * (and PostgreSQL when RENKEI_BENCH_PG or RENKEI_TEST_PG names a database), peak RSS during the load,
 * and batch lookups of 1,000 mixed values with every match kind on (p50/p95 over 50 runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { searchNormalized } from '../src/services/search-values.ts';
import { openStore, type OpenedStore } from '../src/storage/open-store.ts';
import { generateEvents, sampleSearchValues } from '../src/testkit/generate-attributes.ts';
import type { BenchRow } from './types.ts';

const ATTRIBUTES = Number(process.env.RENKEI_BENCH_ATTRIBUTES ?? 1_000_000);
const PG_ATTRIBUTES = Number(process.env.RENKEI_BENCH_PG_ATTRIBUTES ?? ATTRIBUTES);
const SEED = 42;
const RUNS = 50;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function load(opened: OpenedStore, attributes: number, label: string): Promise<{ rate: number; peakRss: number; seconds: number }> {
  const org = await opened.store.ensureOrg({ name: 'Bench Owner' });
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  let done = 0;
  let saveMs = 0;
  const t0 = performance.now();
  for (const batch of generateEvents({ attributes, seed: SEED, batchAttributes: 10_000 })) {
    const s = performance.now();
    await opened.store.saveEvents(batch, org.id);
    saveMs += performance.now() - s;
    done += batch.reduce((n, e) => n + e.attributes.length, 0);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (done % 100_000 === 0) process.stderr.write(`  ${label}: ${done} attributes\n`);
  }
  clearInterval(timer);
  const total = (performance.now() - t0) / 1000;
  process.stderr.write(`  ${label}: ${done} attributes in ${total.toFixed(1)} s (saveEvents ${(saveMs / 1000).toFixed(1)} s)\n`);
  // The target is raw saveEvents throughput: generating the data in this process is not counted.
  return { rate: done / (saveMs / 1000), peakRss: peak, seconds: total };
}

async function lookups(opened: OpenedStore, attributes: number): Promise<{ p50: number; p95: number; missedExpected: number; hits: number }> {
  const owner = (await opened.store.getOrg('Bench Owner'))!;
  const viewer = { orgId: owner.id, sharingGroupIds: [] };
  const times: number[] = [];
  let missedExpected = 0;
  let hits = 0;
  for (let run = 0; run < RUNS + 3; run++) {
    const values = sampleSearchValues({ attributes, seed: SEED, count: 1000, sampleSeed: 100 + run });
    const t = performance.now();
    const res = await searchNormalized(opened.store, values, { viewer });
    const ms = performance.now() - t;
    if (run < 3) continue; // warm-up
    times.push(ms);
    res.forEach((r, i) => {
      const want = values[i]!.expect;
      hits += r.hits.length;
      if (want && !r.hits.some((h) => h.match === want)) missedExpected++;
    });
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), missedExpected, hits };
}

async function benchOne(kind: 'sqlite' | 'postgres', db: string, attributes: number, cleanup: () => Promise<void>): Promise<BenchRow[]> {
  const opened = await openStore(db);
  try {
    const l = await load(opened, attributes, kind);
    const q = await lookups(opened, attributes);
    const n = `${(attributes / 1e6).toFixed(attributes >= 1e6 ? 0 : 1)}M`;
    const rows: BenchRow[] = [
      { name: `${kind} saveEvents ${n} attributes`, value: Math.round(l.rate), unit: 'attr/s', ...(kind === 'sqlite' ? { target: '>= 100000', ok: l.rate >= 100_000 } : {}), note: `saveEvents time only; ${l.seconds.toFixed(1)} s incl. generation` },
      { name: `${kind} lookup 1000 mixed values p50`, value: q.p50, unit: 'ms', target: '<= 20', ok: q.p50 <= 20, note: `${RUNS} runs, all kinds on` },
      { name: `${kind} lookup 1000 mixed values p95`, value: q.p95, unit: 'ms', note: `${q.hits / RUNS} hits/run; expected hits missed: ${q.missedExpected}` },
    ];
    if (kind === 'sqlite') rows.splice(1, 0, { name: 'sqlite peak RSS during load', value: Math.round(l.peakRss / 2 ** 20), unit: 'MB', target: '<= 600', ok: l.peakRss <= 600 * 2 ** 20 });
    else rows.splice(1, 0, { name: 'postgres peak RSS (client) during load', value: Math.round(l.peakRss / 2 ** 20), unit: 'MB' });
    return rows;
  } finally {
    await cleanup();
    await opened.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-store-'));
  const rows = await benchOne('sqlite', path.join(dir, 'bench.db'), ATTRIBUTES, async () => undefined).finally(() => rmSync(dir, { recursive: true, force: true }));
  const pg = process.env.RENKEI_BENCH_PG ?? process.env.RENKEI_TEST_PG;
  if (!pg) {
    rows.push({ name: 'postgres saveEvents', value: 0, unit: 'attr/s', note: 'skipped: set RENKEI_BENCH_PG or RENKEI_TEST_PG' });
    return rows;
  }
  const schema = `bench_store_${process.pid}`;
  const url = `${pg}${pg.includes('?') ? '&' : '?'}schema=${schema}`;
  let dropper: OpenedStore | null = null;
  rows.push(
    ...(await benchOne('postgres', url, PG_ATTRIBUTES, async () => {
      dropper = await openStore(url);
      if (dropper.kind === 'postgres') await dropper.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dropper.close();
    })),
  );
  return rows;
}
