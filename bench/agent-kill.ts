/**
 * Kill -9 figures for the agent: real `renkei agent run` processes SIGKILLed at random points (some while
 * the hub has stored a batch but not answered) until one finishes; the hub's final cells are compared with
 * a clean in-order run, row by row and sketch by sketch. Inputs: in order, 30 minutes out of order, and a
 * rotated set with a gzip archive. Figures: kills, events lost, events doubled, sketches that differ.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './types.ts';
import { writeNewKeyFile } from '../src/agent/cryptopan/key-file.ts';
import { eveLines } from '../src/agent/generate/eve-generator.ts';
import { hubAggregates, killedRuns, lostAndDoubled, runAgentProcess, startTestHub, type AgentArgs } from '../src/agent/testing/kill-harness.ts';
import { seededRandom } from '../src/core/random/seeded-random.ts';
import { createSqliteStatsStore } from '../src/storage/stats/sqlite-stats-store.ts';

const LINES = 48_000;
const KILLS = 6;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-kill-'));
  const closers: Array<() => Promise<void>> = [];
  try {
    const keyFile = path.join(dir, 'key');
    writeNewKeyFile(keyFile);
    const lines = [...eveLines({ lines: LINES, seed: 7, perHour: 6000, sources: 3000 })];
    const inOrder = path.join(dir, 'in-order.json');
    writeFileSync(inOrder, lines.join('\n') + '\n');
    const r = seededRandom(Date.now() % 1_000_000);
    const tsOf = (l: string): number => Date.parse(JSON.parse(l).timestamp.replace(/(\.\d{3})\d{3}\+0000$/, '$1Z'));
    const shuffled = path.join(dir, 'shuffled.json');
    writeFileSync(shuffled, lines.map((l) => ({ l, at: tsOf(l) + r() * 30 * 60_000 })).sort((a, b) => a.at - b.at).map((x) => x.l).join('\n') + '\n');
    const set = path.join(dir, 'rotated');
    mkdirSync(set);
    writeFileSync(path.join(set, 'eve.json.2.gz'), gzipSync(Buffer.from(lines.slice(0, 15_000).join('\n') + '\n')));
    writeFileSync(path.join(set, 'eve.json.1'), lines.slice(15_000, 33_000).join('\n') + '\n');
    writeFileSync(path.join(set, 'eve.json'), lines.slice(33_000).join('\n') + '\n');

    const hub = async (name: string) => {
      const store = createSqliteStatsStore(path.join(dir, `${name}.db`));
      await store.migrate();
      const h = await startTestHub(store);
      closers.push(async () => { await h.close(); await store.close(); });
      return h;
    };
    const args = (inputs: string[], spool: string): AgentArgs => ({ inputs, spool: path.join(dir, spool), salt: 'f'.repeat(64), keyFile });
    const ref = await hub('ref');
    const clean = await runAgentProcess(ref, args([inOrder], 'spool-ref'), null);
    if (clean.code !== 0) throw new Error(`clean agent run failed: ${clean.stderr.slice(-500)}`);
    const want = await hubAggregates(ref.store);
    const rows: BenchRow[] = [];
    for (const [name, inputs] of [['in order', [inOrder]], ['30 min out of order', [shuffled]], ['rotated set with .gz', [set]]] as const) {
      const h = await hub(name.replace(/\W+/g, '-'));
      const rep = await killedRuns(h, args([...inputs], `spool-${name.replace(/\W+/g, '-')}`), KILLS, r);
      const f = lostAndDoubled(want.rows, (await hubAggregates(h.store)).rows);
      rows.push({ name: `agent kill -9, ${name}: events lost + doubled`, value: f.lost + f.doubled, unit: 'events', target: '0', ok: f.lost + f.doubled === 0 && f.sketchDiffs === 0, note: `${rep.kills} kills (${rep.stalls} mid-send), lost ${f.lost}, doubled ${f.doubled}, ${f.sketchDiffs} sketches differ; ${want.rows.length} cells, ${LINES.toLocaleString('en')} lines` });
      process.stderr.write(`bench agent-kill: ${name} done\n`);
    }
    return rows;
  } finally {
    for (const c of closers) await c();
    rmSync(dir, { recursive: true, force: true });
  }
}
