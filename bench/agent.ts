/**
 * Agent throughput: EVE JSON end to end (parse → anonymise → aggregate), fast and iptables lines,
 * uncached Crypto-PAn, and agent RSS over a 10,000,000-line input. The machine is shared, so rates are
 * given per CPU-second of this process (process.cpuUsage) with wall-clock rates in the note.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './types.ts';
import { CryptoPan } from '../src/agent/cryptopan/cryptopan.ts';
import { eveLines, writeEveLines } from '../src/agent/generate/eve-generator.ts';
import { textLines } from '../src/agent/generate/text-generator.ts';
import { createIpInfo } from '../src/geo/ip-info.ts';
import { aggregateOnce } from '../src/agent/run/aggregate-once.ts';

const log = (m: string): void => void process.stderr.write(`bench agent: ${m}\n`);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  let buf: string[] = [];
  for (const l of lines) {
    buf.push(l);
    if (buf.length === 5000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  out.write(buf.join('\n') + (buf.length ? '\n' : ''));
  await new Promise<void>((r) => out.end(r));
}

async function timed(file: string, format: 'eve' | 'fast' | 'iptables', lines: number): Promise<{ perCpu: number; perWall: number; aggregated: number }> {
  const ipInfo = await createIpInfo();
  const c0 = cpu();
  const w0 = performance.now();
  const r = await aggregateOnce({ inputs: [file], format, k: 3, ownNetworks: ['198.51.100.0/24'], member: 'm', sensorId: 's', ipInfo, now: () => Date.UTC(2026, 10, 2) });
  const c = cpu() - c0;
  const w = (performance.now() - w0) / 1000;
  if (r.summary.linesRead !== lines) throw new Error(`read ${r.summary.linesRead} of ${lines} lines`);
  return { perCpu: lines / c, perWall: lines / w, aggregated: r.summary.aggregated };
}

/** Peak RSS of `renkei agent aggregate` reading `lines` generated lines from stdin. */
async function rssRun(lines: number, format: 'fast' | 'eve'): Promise<{ peakMb: number; seconds: number }> {
  const child = spawn(process.execPath, ['bin/renkei.js', 'agent', 'aggregate', '--input', '-', '--format', format, '--json'], { stdio: ['pipe', 'ignore', 'inherit'] });
  let peak = 0;
  const t0 = performance.now();
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* exited */
    }
  }, 200);
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const gen = format === 'fast' ? textLines('fast', lines, 9, Date.UTC(2026, 10, 1), 400_000) : null;
  if (gen) {
    let buf: string[] = [];
    let sent = 0;
    for (const l of gen) {
      buf.push(l);
      if (buf.length === 20_000) {
        if (!child.stdin.write(buf.join('\n') + '\n')) await new Promise<void>((r) => child.stdin.once('drain', () => r()));
        buf = [];
        sent += 20_000;
        if (sent % 1_000_000 === 0) log(`rss run: ${sent} lines fed, peak RSS ${peak.toFixed(0)} MB`);
      }
    }
    child.stdin.end(buf.join('\n') + '\n');
  } else {
    await writeEveLines(child.stdin, { lines, seed: 5, perHour: 400_000 });
    child.stdin.end();
  }
  await done;
  clearInterval(poll);
  return { peakMb: peak, seconds: (performance.now() - t0) / 1000 };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-agent-'));
  try {
    // Crypto-PAn, uncached: 200k distinct random IPv4 addresses in 256-address batches; IPv6 one by one.
    const pan = new CryptoPan(randomBytes(32));
    const addrs = new Uint32Array(200_000).map(() => (Math.random() * 2 ** 32) >>> 0);
    pan.anonymiseV4Batch(addrs.subarray(0, 10_000));
    let c0 = cpu();
    let w0 = performance.now();
    pan.anonymiseV4Batch(addrs);
    let c = cpu() - c0;
    let w = (performance.now() - w0) / 1000;
    rows.push({ name: 'Crypto-PAn IPv4 uncached (batched)', value: Math.round(addrs.length / c), unit: 'addr/cpu-s', target: '≥ 300,000', ok: addrs.length / c >= 300_000, note: `${Math.round(addrs.length / w)} addr/s wall` });
    const v6 = Array.from({ length: 20_000 }, () => new Uint8Array(randomBytes(16)));
    c0 = cpu();
    w0 = performance.now();
    for (const a of v6) pan.anonymiseV6Bytes(a);
    c = cpu() - c0;
    w = (performance.now() - w0) / 1000;
    rows.push({ name: 'Crypto-PAn IPv6 uncached', value: Math.round(v6.length / c), unit: 'addr/cpu-s', target: '≥ 50,000 (reference)', ok: v6.length / c >= 50_000, note: `${Math.round(v6.length / w)} addr/s wall` });
    log('crypto-pan done');

    const N = 300_000;
    // Throughput is the agent's steady state (it runs for days): each format first gets an untimed
    // 50,000-line pass over differently seeded lines, so the timed run does not include JIT warm-up.
    const WARM = 50_000;
    const warmEve = path.join(dir, 'warm.json');
    const warmEveOut = createWriteStream(warmEve);
    await writeEveLines(warmEveOut, { lines: WARM, seed: 99, perHour: 100_000 });
    await new Promise<void>((r) => warmEveOut.end(r));
    await timed(warmEve, 'eve', WARM);
    const mixed = path.join(dir, 'mixed.json');
    const mixedOut = createWriteStream(mixed);
    await writeEveLines(mixedOut, { lines: N, seed: 1, perHour: 100_000 });
    await new Promise<void>((r) => mixedOut.end(r));
    const eveAll = await timed(mixed, 'eve', N);
    rows.push({ name: 'EVE end to end, generator mix (55% alerts)', value: Math.round(eveAll.perCpu), unit: 'lines/cpu-s', target: '≥ 100,000', ok: eveAll.perCpu >= 100_000, note: `${Math.round(eveAll.perWall)} lines/s wall; ${eveAll.aggregated} aggregated; after a ${WARM.toLocaleString('en')}-line warm-up` });
    log('eve mixed done');
    const alerts = path.join(dir, 'alerts.json');
    // The same generated lines, filtered as they stream: holding the whole file in memory would leave
    // hundreds of MB of live strings that every later garbage collection (timed) has to walk.
    let alertCount = 0;
    const alertLines = function* (): Generator<string> {
      for (const l of eveLines({ lines: N, seed: 1, perHour: 100_000 })) {
        if (l.includes('"event_type":"alert"')) {
          alertCount++;
          yield l;
        }
      }
    };
    await writeLines(alerts, alertLines());
    const eveAlerts = await timed(alerts, 'eve', alertCount);
    rows.push({ name: 'EVE end to end, alerts only', value: Math.round(eveAlerts.perCpu), unit: 'lines/cpu-s', target: '≥ 100,000', ok: eveAlerts.perCpu >= 100_000, note: `${Math.round(eveAlerts.perWall)} lines/s wall` });
    log('eve alerts done');
    for (const format of ['fast', 'iptables'] as const) {
      const warm = path.join(dir, `warm-${format}.log`);
      await writeLines(warm, textLines(format, WARM, 99));
      await timed(warm, format, WARM);
      const f = path.join(dir, `${format}.log`);
      await writeLines(f, textLines(format, N));
      const t = await timed(f, format, N);
      rows.push({ name: `${format} lines end to end`, value: Math.round(t.perCpu), unit: 'lines/cpu-s', target: '≥ 300,000', ok: t.perCpu >= 300_000, note: `${Math.round(t.perWall)} lines/s wall; after a ${WARM.toLocaleString('en')}-line warm-up` });
      log(`${format} done`);
    }
    const rss = await rssRun(10_000_000, 'fast');
    rows.push({ name: 'agent peak RSS, 10,000,000 fast lines via stdin', value: Math.round(rss.peakMb), unit: 'MB', target: '≤ 300', ok: rss.peakMb <= 300, note: `${rss.seconds.toFixed(0)} s` });
    const rssEve = await rssRun(1_000_000, 'eve');
    rows.push({ name: 'agent peak RSS, 1,000,000 EVE lines via stdin', value: Math.round(rssEve.peakMb), unit: 'MB', target: '≤ 300', ok: rssEve.peakMb <= 300, note: `${rssEve.seconds.toFixed(0)} s` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
