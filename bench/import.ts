/**
 * `node --import tsx bench/run.ts import`: imports a generated 1,000,000-line IOC list (domains, IPv4,
 * URLs, sha256) end to end through the importer (read → normalise → dedupe → saveEvents) into SQLite and
 * PostgreSQL. Each import runs in a child process so its peak RSS can be read (`resourceUsage().maxRSS`).
 * Run as `node --import tsx bench/import.ts --child <file> <db>` it is that child.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types.ts';

const N = Number(process.env.RENKEI_BENCH_IMPORT_N ?? 1_000_000);
/**
 * V8 heap cap for the import process. Left alone, V8 lets garbage pile up far beyond the live set when
 * the machine is busy (measured: 150 MB live, 600+ MB heap); a cap makes it collect in time.
 */
const HEAP_MB = Number(process.env.RENKEI_BENCH_IMPORT_HEAP_MB ?? 320); // as `renkei import` runs (bin/renkei.js)
const FIRST_OCTETS = [23, 45, 62, 77, 81, 89, 91, 94, 103, 104, 109, 141, 146, 151, 176, 178];
const TLDS = ['com', 'net', 'org', 'info', 'ru', 'jp', 'top', 'xyz'];

/** One realistic, unique list value for index i (40% domains, 30% IPv4, 20% URLs, 10% sha256). */
function value(i: number): string {
  const k = i % 10;
  if (k < 4) return `h${i.toString(36)}.sub${i % 977}.example-${i % 31}.${TLDS[i % TLDS.length]}`;
  if (k < 7) return `${FIRST_OCTETS[i % FIRST_OCTETS.length]}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
  if (k < 9) return `http://d${i.toString(36)}.example-${i % 50}.net/gate/${i}.php`;
  return createHash('sha256').update(String(i)).digest('hex');
}

async function writeList(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('# generated benchmark list\n');
  let buf = '';
  for (let i = 0; i < N; i++) {
    buf += `${value(i)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'close');
}

interface ChildResult {
  seconds: number;
  /** CPU seconds (user + system) of the child: the machine may be shared, so wall time alone misleads. */
  cpuSeconds: number;
  imported: number;
  rejected: number;
  maxRssMb: number;
}

function runChild(file: string, db: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const heap = HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : [];
    const p = spawn(process.execPath, [...heap, '--import', 'tsx', self, '--child', file, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`import child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

async function child(file: string, db: string): Promise<void> {
  const { openStore } = await import('../src/storage/open-store.ts');
  const { runImport } = await import('../src/importers/run-import.ts');
  const opened = await openStore(db);
  const t0 = performance.now();
  const s = await runImport(opened.store, [file], { org: { name: 'Bench Org' }, format: 'text', maxListed: 1000 });
  const seconds = (performance.now() - t0) / 1000;
  await opened.close();
  const cpu = process.cpuUsage();
  const r: ChildResult = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, imported: s.imported, rejected: s.rejected, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

async function pgDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.RENKEI_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `renkei_bench_import_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = base.replace(/\/[^/?]*(\?.*)?$/, `/${name}`);
  return {
    url,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'renkei-bench-import-'));
  const rows: BenchRow[] = [];
  try {
    const file = path.join(dir, 'iocs.txt');
    process.stderr.write(`import: generating ${N} values…\n`);
    await writeList(file);
    process.stderr.write('import: SQLite…\n');
    const sq = await runChild(file, path.join(dir, 'bench.sqlite'));
    const rate = sq.imported / sq.seconds;
    rows.push({ name: `text list → SQLite (${sq.imported} attributes, ${sq.seconds.toFixed(1)} s)`, value: rate, unit: 'attr/s', target: '≥ 100000', ok: rate >= 100_000 });
    rows.push({ name: 'same, per CPU second of the import process', value: sq.imported / sq.cpuSeconds, unit: 'attr/cpu-s', note: `${sq.cpuSeconds.toFixed(1)} CPU s (load ${os.loadavg()[0]!.toFixed(1)})` });
    rows.push({ name: 'peak RSS of the SQLite import', value: sq.maxRssMb, unit: 'MB', target: '≤ 600', ok: sq.maxRssMb <= 600, note: HEAP_MB > 0 ? `node --max-old-space-size=${HEAP_MB}` : 'default V8 heap' });
    const pgdb = await pgDatabase();
    if (!pgdb) rows.push({ name: 'text list → PostgreSQL', value: 0, unit: 'attr/s', note: 'no PostgreSQL reachable (RENKEI_BENCH_PG)' });
    else {
      try {
        process.stderr.write('import: PostgreSQL…\n');
        const p = await runChild(file, pgdb.url);
        rows.push({ name: `text list → PostgreSQL (${p.imported} attributes, ${p.seconds.toFixed(1)} s)`, value: p.imported / p.seconds, unit: 'attr/s', note: `reported; ${p.cpuSeconds.toFixed(1)} CPU s in the importer` });
        rows.push({ name: 'peak RSS of the PostgreSQL import', value: p.maxRssMb, unit: 'MB', target: '≤ 600', ok: p.maxRssMb <= 600, note: HEAP_MB > 0 ? `node --max-old-space-size=${HEAP_MB}` : 'default V8 heap' });
      } finally {
        await pgdb.drop();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
