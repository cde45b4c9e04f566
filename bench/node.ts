/**
 * Node API benchmarks (issue 3 §6): a node holding 1,000,000 attributes (SQLite), served by a separate
 * process so client and server do not share an event loop.
 * - `POST /attributes/restSearch` with 1,000 values over HTTP: p50/p99 (target p50 ≤ 50 ms);
 * - 50 concurrent clients (autocannon) sending 10-value restSearch requests: requests/s and p99
 *   (issue 12: ≥ 5,000 req/s, p99 ≤ 50 ms), and the server's CPU time per request (user + system from
 *   /proc, so a figure that the other processes on a shared machine disturb less); the server's RSS.
 * RENKEI_BENCH_NODE_ATTRIBUTES overrides the size (for quick runs).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error autocannon ships no type declarations (and @types/autocannon is not installed)
import autocannon from 'autocannon';
import { sampleSearchValues } from '../src/testkit/generate-attributes.ts';
import { BENCH_OWNER, pct, prepareNodeDb, startNodeProcess, stopNodeProcess } from './lib-node-fixture.ts';
import type { BenchRow } from './types.ts';

const ATTRIBUTES = Number(process.env.RENKEI_BENCH_NODE_ATTRIBUTES ?? 1_000_000);
const SEED = 7;

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuSecondsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-node-'));
  const db = path.join(dir, 'node.sqlite');
  let child: ChildProcess | undefined;
  try {
    const key = await prepareNodeDb(db, { attributes: ATTRIBUTES, seed: SEED, keyOrg: BENCH_OWNER, role: 'reader', label: 'node' });
    const server = await startNodeProcess(db);
    child = server.child;
    const headers = { authorization: key, 'content-type': 'application/json', accept: 'application/json' };
    const search = async (values: string[]) => {
      const r = await fetch(`${server.url}/attributes/restSearch`, { method: 'POST', headers, body: JSON.stringify({ value: values }) });
      if (r.status !== 200) throw new Error(`restSearch answered ${r.status}: ${(await r.text()).slice(0, 200)}`);
      return (await r.json()) as { response: { Attribute: unknown[] } };
    };

    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 33; i++) {
      const values = sampleSearchValues({ attributes: ATTRIBUTES, seed: SEED, count: 1000, sampleSeed: 500 + i }).map((v) => v.value);
      const t = performance.now();
      const body = await search(values);
      const ms = performance.now() - t;
      if (i < 3) continue;
      times.push(ms);
      hits += body.response.Attribute.length;
    }
    times.sort((a, b) => a - b);
    process.stderr.write(`  node: 1,000-value restSearch p50 ${pct(times, 0.5).toFixed(1)} ms, ${(hits / times.length).toFixed(0)} attributes per answer\n`);

    const bodies = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ value: sampleSearchValues({ attributes: ATTRIBUTES, seed: SEED, count: 10, sampleSeed: 9000 + i }).map((v) => v.value) }),
    );
    let next = 0;
    const cpu0 = cpuSecondsOf(child.pid!);
    const load = await autocannon({
      url: `${server.url}/attributes/restSearch`,
      connections: 50,
      duration: 15,
      requests: [{ method: 'POST', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    });
    const cpuPerRequest = ((cpuSecondsOf(child.pid!) - cpu0) * 1e6) / Math.max(1, load.requests.total);
    const rss = rssOf(child.pid!);
    // Calibration: the same server answering a trivial endpoint shows how much CPU this machine has to give now.
    const calib = await autocannon({ url: `${server.url}/health`, connections: 50, duration: 5 });
    process.stderr.write(`  node: calibration GET /health: ${calib.requests.average.toFixed(0)} req/s\n`);
    const non2xx = load.non2xx + load.errors + load.timeouts;
    process.stderr.write(`  node: 50 clients × 10 values: ${load.requests.average.toFixed(0)} req/s, p99 ${load.latency.p99} ms, non-2xx/errors ${non2xx}, server CPU ${cpuPerRequest.toFixed(0)} µs/request\n`);

    const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
    const scale = ATTRIBUTES === 1_000_000 ? '' : ` (${ATTRIBUTES} attributes, not the 1,000,000 target)`;
    return [
      { name: 'restSearch 1,000 values p50', value: pct(times, 0.5), unit: 'ms', target: '≤ 50 ms', ok: pct(times, 0.5) <= 50 && !scale, note: `1M attributes over HTTP${scale}` },
      { name: 'restSearch 1,000 values p99', value: pct(times, 0.99), unit: 'ms', note: `${times.length} runs` },
      { name: 'restSearch 10 values, 50 clients', value: load.requests.average, unit: 'req/s', target: '≥ 5,000 req/s', ok: load.requests.average >= 5000 && non2xx === 0 && !scale, note: `${non2xx} non-2xx/errors${scale}` },
      { name: 'restSearch 10 values, 50 clients p50', value: load.latency.p50, unit: 'ms' },
      { name: 'restSearch 10 values, 50 clients p99', value: load.latency.p99, unit: 'ms', target: '≤ 50 ms', ok: load.latency.p99 <= 50 && !scale },
      { name: 'restSearch 10 values: server CPU per request', value: cpuPerRequest, unit: 'µs', note: '5,000 req/s on one core needs ≤ 200 µs' },
      { name: 'node server RSS after load', value: mb(rss), unit: 'MB' },
      { name: 'calibration: GET /health, 50 clients', value: calib.requests.average, unit: 'req/s', note: `machine load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs` },
    ];
  } finally {
    if (child) await stopNodeProcess(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

