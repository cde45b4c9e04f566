/**
 * Shared by the node and hub benchmarks: a generated 1M-attribute node database (cached under
 * `bench/.data/` so repeated runs skip the minutes of generation), node server processes, percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NodeRole } from '../src/node/principal.ts';
import { createKeyService } from '../src/node/keys/key-service.ts';
import { openNodeStorage } from '../src/storage/open-node-storage.ts';
import { openStore } from '../src/storage/open-store.ts';
import { IMPORT_BATCH_ATTRIBUTES } from '../src/importers/run-import.ts';
import { generateEvents } from '../src/testkit/generate-attributes.ts';

/** The organisation owning the generated data. */
export const BENCH_OWNER = 'Bench Owner';

/** Percentile of an ascending-sorted list. */
export function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function generate(db: string, attributes: number, seed: number, label: string): Promise<void> {
  const opened = await openStore(db);
  try {
    const org = await opened.store.ensureOrg({ name: BENCH_OWNER });
    let done = 0;
    const t0 = performance.now();
    for (const batch of generateEvents({ attributes, seed, batchAttributes: IMPORT_BATCH_ATTRIBUTES })) {
      await opened.store.saveEvents(batch, org.id);
      done += batch.reduce((n, e) => n + e.attributes.length, 0);
      if (done % 200_000 === 0) process.stderr.write(`  ${label}: loaded ${done} attributes (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
  } finally {
    await opened.close();
  }
}

/** Puts a node database with `attributes` generated attributes at `db` and returns a new key for `keyOrg`. */
export async function prepareNodeDb(db: string, o: { attributes: number; seed: number; keyOrg: string; role: NodeRole; label: string }): Promise<string> {
  const cacheDir = fileURLToPath(new URL('./.data/', import.meta.url));
  // The file name carries the storage layout (16 KB pages, hashed value keys) so an older cache is not reused.
  const cached = `${cacheDir}node-${o.attributes}-${o.seed}-p16k.sqlite`;
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    await generate(`${cached}.tmp`, o.attributes, o.seed, o.label);
    renameSync(`${cached}.tmp`, cached);
  }
  copyFileSync(cached, db);
  const storage = await openNodeStorage(db);
  try {
    return (await createKeyService(storage.intel, storage.meta).create({ org: o.keyOrg, role: o.role })).key;
  } finally {
    await storage.close();
  }
}

/** Starts `renkei node` on `db` in its own process (so client and server do not share an event loop). */
export function startNodeProcess(db: string, nats?: { url: string; member: string }): Promise<{ child: ChildProcess; url: string }> {
  const server = fileURLToPath(new URL('./lib-node-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', server, db, ...(nats ? [nats.url, nats.member] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /^(http\S+)\n/m.exec(buf);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`bench node exited (${code})`)));
  });
}

/** Stops a node process and waits for it to exit. */
export async function stopNodeProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
