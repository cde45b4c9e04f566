/**
 * `npm run bench`: runs every benchmark module (or those named on the command line), prints one table
 * and writes `bench/results.json`. Targets are reported, never asserted: a miss is a finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import type { BenchModule, BenchRow } from './types.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'types.ts'].includes(f) && !f.startsWith('lib-'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

type AreaResult = BenchRow[] | { error: string };
const resultsUrl = new URL('./results.json', import.meta.url);
// A run of named areas updates just those areas in results.json and keeps the others' last figures.
const previous: Record<string, AreaResult> =
  only.length > 0 && existsSync(resultsUrl) ? (JSON.parse(readFileSync(resultsUrl, 'utf8')) as { results: Record<string, AreaResult> }).results : {};
const results: Record<string, AreaResult> = {};
for (const f of files) {
  const area = f.replace(/\.ts$/, '');
  process.stderr.write(`bench: ${area}…\n`);
  try {
    const mod = (await import(`./${f}`)) as BenchModule;
    results[area] = await mod.run();
  } catch (e) {
    results[area] = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

const rows: string[][] = [['area', 'benchmark', 'value', 'unit', 'target', 'ok', 'note']];
for (const [area, r] of Object.entries(results)) {
  if (!Array.isArray(r)) {
    rows.push([area, 'ERROR', '', '', '', '', r.error.split('\n')[0] ?? '']);
    continue;
  }
  for (const b of r) {
    const v = Number.isInteger(b.value) ? String(b.value) : b.value.toFixed(2);
    rows.push([area, b.name, v, b.unit, b.target ?? '', b.ok === undefined ? '' : b.ok ? 'yes' : 'NO', b.note ?? '']);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');

const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30) };
const merged = Object.fromEntries(Object.entries({ ...previous, ...results }).sort(([a], [b]) => a.localeCompare(b)));
await writeFile(resultsUrl, JSON.stringify({ at: new Date().toISOString(), machine, results: merged }, null, 2) + '\n');
