/**
 * Property: for any input and any set of kill -9 points, the hub's final aggregates equal those of one
 * clean run, row by row and sketch by sketch. The agent runs as a real child process against a real hub
 * stats endpoint and is SIGKILLed at random moments (some while the hub has stored a batch but not yet
 * answered), then restarted until it finishes. Inputs: in order; lines up to 30 minutes out of order; and a
 * rotated set (`eve.json.2.gz`, `eve.json.1`, `eve.json`, names newest first). With the default allowed
 * lateness of one hour all three are the same events, so all must equal one reference: the clean in-order run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNewKeyFile } from '../cryptopan/key-file.ts';
import { seededRandom } from '../../core/random/seeded-random.ts';
import { createSqliteStatsStore } from '../../storage/stats/sqlite-stats-store.ts';
import { eveLines } from '../generate/eve-generator.ts';
import { hubAggregates, killedRuns, lostAndDoubled, runAgentProcess, startTestHub, type AgentArgs, type TestHub } from '../testing/kill-harness.ts';

const SALT = 'f'.repeat(64);
const SEED = Number(process.env.RENKEI_KILL_SEED ?? 20261203);
let dir: string;
let keyFile: string;
const hubs: TestHub[] = [];
const scenarios: Record<string, string[]> = {};

const tsOf = (line: string): number => Date.parse(JSON.parse(line).timestamp.replace(/(\.\d{3})\d{3}\+0000$/, '$1Z'));

async function hub(name: string): Promise<TestHub> {
  const store = createSqliteStatsStore(path.join(dir, `${name}.db`));
  await store.migrate();
  const h = await startTestHub(store);
  hubs.push(h);
  return h;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-kill-'));
  keyFile = path.join(dir, 'cryptopan.key');
  writeNewKeyFile(keyFile);
  // 8 hours of log time, so hours close (and are sent) while the agent is still reading.
  const lines = [...eveLines({ lines: 48_000, seed: 7, perHour: 6000, sources: 3000 })];
  const inOrder = path.join(dir, 'in-order.json');
  writeFileSync(inOrder, lines.join('\n') + '\n');
  scenarios['in order'] = [inOrder];
  const r = seededRandom(SEED);
  const shuffled = lines.map((l) => ({ l, at: tsOf(l) + r() * 30 * 60_000 })).sort((a, b) => a.at - b.at).map((x) => x.l);
  const sh = path.join(dir, 'shuffled.json');
  writeFileSync(sh, shuffled.join('\n') + '\n');
  scenarios['30 minutes out of order'] = [sh];
  const set = path.join(dir, 'rotated');
  mkdirSync(set);
  writeFileSync(path.join(set, 'eve.json.2.gz'), gzipSync(Buffer.from(lines.slice(0, 15_000).join('\n') + '\n')));
  writeFileSync(path.join(set, 'eve.json.1'), lines.slice(15_000, 33_000).join('\n') + '\n');
  writeFileSync(path.join(set, 'eve.json'), lines.slice(33_000).join('\n') + '\n');
  scenarios['rotated set with gzip'] = [set];
});

afterAll(async () => {
  for (const h of hubs) {
    await h.close();
    await h.store.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('hub aggregates do not depend on kills, order or rotation', () => {
  let want: Awaited<ReturnType<typeof hubAggregates>>;
  const args = (name: string, spool: string): AgentArgs => ({ inputs: scenarios[name]!, spool: path.join(dir, spool), salt: SALT, keyFile });

  beforeAll(async () => {
    const ref = await hub('reference');
    const run = await runAgentProcess(ref, args('in order', 'spool-ref'), null);
    expect(run.code, run.stderr).toBe(0);
    want = await hubAggregates(ref.store);
    expect(want.rows.length).toBeGreaterThan(200);
    expect(want.coverage).toHaveLength(8);
  }, 120_000);

  let i = 0;
  for (const name of ['in order', '30 minutes out of order', 'rotated set with gzip']) {
    it(`${name}: a clean run and a run killed at random points both equal the reference`, async () => {
      const n = i++;
      if (name !== 'in order') {
        const clean = await hub(`clean-${n}`);
        const run = await runAgentProcess(clean, args(name, `spool-clean-${n}`), null);
        expect(run.code, run.stderr).toBe(0);
        expect(await hubAggregates(clean.store)).toEqual(want);
      }
      const crashy = await hub(`crashy-${n}`);
      const report = await killedRuns(crashy, args(name, `spool-crashy-${n}`), 5, seededRandom(SEED + n));
      const got = await hubAggregates(crashy.store);
      const figures = lostAndDoubled(want.rows, got.rows);
      process.stderr.write(`kill -9 (${name}, seed ${SEED + n}): ${report.kills} kills (${report.stalls} mid-send), lost ${figures.lost}, doubled ${figures.doubled}, sketch differences ${figures.sketchDiffs}\n`);
      expect(report.kills).toBeGreaterThanOrEqual(3);
      expect(report.stalls).toBeGreaterThanOrEqual(1);
      expect(figures).toEqual({ lost: 0, doubled: 0, sketchDiffs: 0 });
      expect(got).toEqual(want);
    }, 240_000);
  }
});
