/**
 * The agent beside what a user would otherwise pick: DuckDB (`@duckdb/node-api`) reading the same EVE file
 * with `read_json` and aggregating the same keys per hour with `approx_count_distinct`, in the same run on
 * the same machine. Rates are per CPU-second of this process (DuckDB's threads included), so the shared
 * machine's load matters less; the ratio is agent ÷ DuckDB. The agent does more per line (Crypto-PAn,
 * ASN/country lookup, HyperLogLog of sources and targets, k-threshold, watermark), DuckDB less (no
 * pseudonymisation, no enrichment), so the ratio understates the agent.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BenchRow } from './types.ts';
import { writeEveLines } from '../src/agent/generate/eve-generator.ts';
import { createIpInfo } from '../src/geo/ip-info.ts';
import { aggregateOnce } from '../src/agent/run/aggregate-once.ts';

const log = (m: string): void => void process.stderr.write(`bench agent-peer: ${m}\n`);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function eveFile(file: string, lines: number, seed: number): Promise<void> {
  const out = createWriteStream(file);
  await writeEveLines(out, { lines, seed, perHour: 100_000 });
  await new Promise<void>((r) => out.end(r));
}

const COLUMNS = `{timestamp: 'VARCHAR', event_type: 'VARCHAR', src_ip: 'VARCHAR', dest_ip: 'VARCHAR', dest_port: 'INTEGER', proto: 'VARCHAR',
  alert: 'STRUCT(gid INTEGER, signature_id BIGINT, signature VARCHAR, category VARCHAR, severity INTEGER)'}`;

/** The same keys as the agent's rows (minus country and ASN, which DuckDB has no data for) per hour. */
const query = (file: string): string => `
  SELECT date_trunc('hour', CAST(timestamp AS TIMESTAMPTZ)) AS hour, event_type, alert.gid AS gid, alert.signature_id AS sid,
         dest_port, proto, count(*) AS events, approx_count_distinct(src_ip) AS sources, approx_count_distinct(dest_ip) AS targets
  FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = ${COLUMNS})
  WHERE event_type IN ('alert', 'anomaly', 'drop')
  GROUP BY ALL`;

async function agentRun(file: string, lines: number): Promise<{ perCpu: number; perWall: number; aggregated: number; rows: number }> {
  const ipInfo = await createIpInfo();
  let rows = 0;
  const c0 = cpu();
  const w0 = performance.now();
  const r = await aggregateOnce({ inputs: [file], format: 'eve', k: 3, ownNetworks: ['198.51.100.0/24', '2001:db8:c0::/48'], member: 'm', sensorId: 's', ipInfo, onBatch: (b) => void (rows += b.rows.length) });
  const c = cpu() - c0;
  const w = (performance.now() - w0) / 1000;
  if (r.summary.linesRead !== lines) throw new Error(`agent read ${r.summary.linesRead} of ${lines} lines`);
  return { perCpu: lines / c, perWall: lines / w, aggregated: r.summary.aggregated, rows };
}

async function duckRun(file: string, lines: number): Promise<{ perCpu: number; perWall: number; events: number; rows: number; threads: string }> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const threads = String((await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjects()[0]!.t);
    const c0 = cpu();
    const w0 = performance.now();
    const res = await con.runAndReadAll(query(file));
    const c = cpu() - c0;
    const w = (performance.now() - w0) / 1000;
    const rows = res.getRowObjects();
    const events = rows.reduce((a, r) => a + Number(r.events), 0);
    return { perCpu: lines / c, perWall: lines / w, events, rows: rows.length, threads };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-peer-'));
  try {
    const N = 300_000;
    const WARM = 50_000;
    const warm = path.join(dir, 'warm.json');
    const file = path.join(dir, 'eve.json');
    await eveFile(warm, WARM, 99);
    await eveFile(file, N, 1);
    // Untimed warm-up of both (JIT for the agent, file cache and extension load for DuckDB).
    await agentRun(warm, WARM);
    await duckRun(warm, WARM);
    log('warm-up done');
    const agent = await agentRun(file, N);
    log(`agent ${Math.round(agent.perCpu)} lines/cpu-s`);
    const duck = await duckRun(file, N);
    log(`duckdb ${Math.round(duck.perCpu)} lines/cpu-s`);
    const ratio = agent.perCpu / duck.perCpu;
    return [
      { name: 'agent, EVE end to end (watermark, k=3), same file as DuckDB', value: Math.round(agent.perCpu), unit: 'lines/cpu-s', target: '≥ 100,000', ok: agent.perCpu >= 100_000, note: `${Math.round(agent.perWall)} lines/s wall; ${agent.aggregated} events in ${agent.rows} rows` },
      { name: 'DuckDB read_json + approx_count_distinct per hour, same keys', value: Math.round(duck.perCpu), unit: 'lines/cpu-s', note: `${Math.round(duck.perWall)} lines/s wall; ${duck.events} events in ${duck.rows} rows; threads=${duck.threads}; no pseudonymisation or ASN/country` },
      { name: 'agent ÷ DuckDB (per CPU-second)', value: Math.round(ratio * 100) / 100, unit: '×', target: '> 1', ok: ratio > 1, note: `${N.toLocaleString('en')} EVE lines, same run` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
