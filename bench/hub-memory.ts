/**
 * Hub memory after many searches (issue 10 figures): a hub and five member nodes on loopback in this
 * process, 1,000 searches of the demo sample after a warm-up; heap after a full GC, before and after.
 * Growth that does not come back after GC is what a leak would look like.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHubClient } from '../src/client/hub-client.ts';
import { DEMO_MEMBERS, generateWorld } from '../src/hub/demo/world.ts';
import { startNetwork } from '../src/testkit/network.ts';
import type { BenchRow } from './types.ts';

const SEARCHES = 1000;
const WARM_UP = 100;
const CONCURRENCY = 4;

// The bench runs without --expose-gc; this turns it on for a gc handle of our own.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function searches(n: number, search: () => Promise<unknown>): Promise<void> {
  let left = n;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await search();
    }),
  );
}

export async function run(): Promise<BenchRow[]> {
  const world = generateWorld({ fillerPerMember: 400 });
  const values = world.sample.slice(0, 200);
  const net = await startNetwork({ members: world.members.map((m) => ({ name: m.name, seed: m.events })), hubOverrides: { ipInfo: null } });
  try {
    const client = createHubClient({ baseUrl: net.hub.url, apiKey: net.users[DEMO_MEMBERS[0]]!.analyst.key });
    const search = () => client.search({ values });
    await searches(WARM_UP, search);
    const before = heapMb();
    const t0 = performance.now();
    await searches(SEARCHES, search);
    const seconds = (performance.now() - t0) / 1000;
    const after = heapMb();
    process.stderr.write(`hub-memory: heap ${before.toFixed(1)} → ${after.toFixed(1)} MB over ${SEARCHES} searches (${seconds.toFixed(1)} s)\n`);
    return [
      { name: `heap growth after ${SEARCHES} searches (after GC)`, value: Math.round((after - before) * 10) / 10, unit: 'MB', target: '≈ 0 (no leak)', ok: after - before < 16, note: `${before.toFixed(1)} → ${after.toFixed(1)} MB; hub and 5 nodes in one process; ${values.length} values per search, ${CONCURRENCY} at a time` },
      { name: 'process RSS after the searches', value: Math.round(process.memoryUsage().rss / 2 ** 20), unit: 'MB', note: `${(SEARCHES / seconds).toFixed(0)} searches/s` },
    ];
  } finally {
    await net.close();
  }
}
