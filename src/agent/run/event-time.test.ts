/**
 * Hours close by event time: the same lines give the same batches whether they come in order, up to half
 * an hour out of order, or split over a rotated set (`eve.json`, `eve.json.1`, `eve.json.2.gz`, names
 * newest first) with a BOM; lines past the allowed lateness are counted as late and never reopen an hour.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/random/seeded-random.ts';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import { eveLines, eveTimestamp } from '../generate/eve-generator.ts';
import { createIpInfo, type IpInfoService } from '../../geo/ip-info.ts';
import { parserFor } from '../parse/detect.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { aggregateOnce } from './aggregate-once.ts';

const START = Date.UTC(2026, 10, 1);
const SALT = 'a'.repeat(64);
const KEY = new Uint8Array(32).fill(7);
let dir: string;
let ipInfo: IpInfoService;
let lines: string[];

const tsOf = (line: string): number => Date.parse(JSON.parse(line).timestamp.replace(/(\.\d{3})\d{3}\+0000$/, '$1Z'));

/** Batches in a comparable form: per hour, rows sorted by their JSON. */
function normal(batches: AggregateBatch[]): Array<{ hour: string; rows: string[]; withheld: unknown }> {
  return batches.map((b) => ({ hour: b.hour, rows: b.rows.map((r) => JSON.stringify(r)).sort(), withheld: b.withheld })).sort((a, b) => a.hour.localeCompare(b.hour));
}

async function run(inputs: string[]) {
  return aggregateOnce({ inputs, format: 'auto', k: 3, ownNetworks: ['198.51.100.0/24', '2001:db8:c0::/48'], member: 'm', sensorId: 's', sketchSalt: SALT, cryptopanKey: KEY, ipInfo });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-event-time-'));
  ipInfo = await createIpInfo();
  lines = [...eveLines({ lines: 30_000, seed: 3, perHour: 5000, sources: 1500, start: START })];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('event-time hours', () => {
  let want: ReturnType<typeof normal>;
  let total: number;

  beforeAll(async () => {
    const f = path.join(dir, 'in-order.json');
    writeFileSync(f, lines.join('\n') + '\n');
    const r = await run([f]);
    want = normal(r.batches);
    total = r.summary.aggregated;
    expect(r.summary.late).toBe(0);
  });

  it('gives one batch per hour of log time', () => {
    expect(want.map((b) => b.hour)).toEqual(Array.from({ length: 6 }, (_, i) => new Date(START + i * 3_600_000).toISOString()));
    expect(want.every((b) => b.rows.length > 5)).toBe(true);
  });

  it('gives the same batches for lines up to 30 minutes out of order', async () => {
    const r = seededRandom(11);
    const shuffled = lines.map((l) => ({ l, at: tsOf(l) + r() * 30 * 60_000 })).sort((a, b) => a.at - b.at).map((x) => x.l);
    expect(shuffled).not.toEqual(lines);
    const f = path.join(dir, 'shuffled.json');
    writeFileSync(f, shuffled.join('\n') + '\n');
    const got = await run([f]);
    expect(got.summary.late).toBe(0);
    expect(normal(got.batches)).toEqual(want);
  });

  it('reads a rotated set (gzip, BOM, names newest first) oldest content first', async () => {
    const set = path.join(dir, 'rotated');
    mkdirSync(set);
    const a = lines.slice(0, 9000);
    const b = lines.slice(9000, 21_000);
    const c = lines.slice(21_000);
    writeFileSync(path.join(set, 'eve.json.2.gz'), gzipSync(Buffer.from('\uFEFF' + a.join('\n') + '\n')));
    writeFileSync(path.join(set, 'eve.json.1'), '\uFEFF' + b.join('\n') + '\n');
    writeFileSync(path.join(set, 'eve.json'), c.join('\n') + '\n');
    const got = await run([set]);
    expect(got.summary.files.map((f) => path.basename(f.path))).toEqual(['eve.json.2.gz', 'eve.json.1', 'eve.json']);
    expect(got.summary.files.map((f) => f.format)).toEqual(['eve', 'eve', 'eve']);
    expect(got.summary.rejected).toEqual({});
    expect(got.summary.linesRead).toBe(lines.length);
    expect(got.summary.late).toBe(0);
    expect(normal(got.batches)).toEqual(want);
  });

  it('counts lines past the allowed lateness as late and never reopens a closed hour', async () => {
    // 300 alerts two and a half hours older than the newest line before them.
    const old = lines.slice(0, 300).map((l) => l.replace(/"timestamp":"[^"]+"/, `"timestamp":"${eveTimestamp(tsOf(l), 0)}"`));
    const mixed = [...lines.slice(0, 18_000), ...old, ...lines.slice(18_000)];
    const f = path.join(dir, 'late.json');
    writeFileSync(f, mixed.join('\n') + '\n');
    const got = await run([f]);
    // Only kinds that are shared count (flows and the like are skipped whatever their time).
    expect(got.summary.late).toBe(old.filter((l) => /"event_type":"(alert|anomaly|drop)"/.test(l)).length);
    expect(got.summary.late).toBeGreaterThan(100);
    const hours = got.batches.map((x) => x.hour);
    expect(new Set(hours).size).toBe(hours.length);
    expect(normal(got.batches)).toEqual(want);
  });

  it('decides lateness by event time alone, not by when hours happen to be closed', () => {
    const old = lines.slice(0, 300).map((l) => l.replace(/"timestamp":"[^"]+"/, `"timestamp":"${eveTimestamp(tsOf(l), 0)}"`));
    const mixed = [...lines.slice(0, 18_000), ...old, ...lines.slice(18_000)];
    const once = (closeEvery: number) => {
      const p = new Pipeline({ k: 3, ownNetworks: ['198.51.100.0/24', '2001:db8:c0::/48'], sketchSalt: SALT, cryptopanKey: KEY, ipInfo });
      const parse = parserFor('eve');
      const hours = [];
      for (let i = 0; i < mixed.length; i++) {
        p.processLine(mixed[i]!, parse);
        if (closeEvery > 0 && i % closeEvery === 0) hours.push(...p.closeReady());
      }
      hours.push(...p.closeAll());
      return { late: p.summary.late, hours: hours.map((h) => ({ hour: h.hour, rows: h.rows.map((r) => JSON.stringify(r)).sort() })) };
    };
    const never = once(0);
    expect(never.late).toBe(old.filter((l) => /"event_type":"(alert|anomaly|drop)"/.test(l)).length);
    expect(once(1)).toEqual(never);
    expect(once(997)).toEqual(never);
  });

  it('with a shorter allowed lateness, the same out-of-order lines are late', async () => {
    const r = seededRandom(11);
    const shuffled = lines.map((l) => ({ l, at: tsOf(l) + r() * 30 * 60_000 })).sort((a, b) => a.at - b.at).map((x) => x.l);
    const f = path.join(dir, 'shuffled-strict.json');
    writeFileSync(f, shuffled.join('\n') + '\n');
    const got = await aggregateOnce({ inputs: [f], format: 'eve', k: 3, ownNetworks: ['198.51.100.0/24', '2001:db8:c0::/48'], member: 'm', sensorId: 's', sketchSalt: SALT, cryptopanKey: KEY, ipInfo, allowedLatenessMs: 0 });
    expect(got.summary.late).toBeGreaterThan(0);
    expect(got.summary.aggregated + got.summary.late).toBe(total);
  });
});
