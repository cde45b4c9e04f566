/**
 * Importers lose only what is broken: real abuse.ch CSV files (read from ../shared/data) get bit flips in
 * their data rows; every value of an undamaged line must still be imported, and the summary's counts
 * must add up to the records of the damaged file (imported + duplicates + rejected = read), on both engines.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../testkit/store-factory.ts';
import { importCsv } from './csv-importer.ts';
import { runImport } from './run-import.ts';
import { collect } from './testing.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-csv-mut-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const opts = { orgName: 'Mutation Org' };

/** Small seeded PRNG (mulberry32) so every run flips the same bits. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Mutated {
  file: string;
  /** 0-based indexes of the original lines that got a flipped bit. */
  damaged: Set<number>;
  bytes: Buffer;
}

/** Flips `flips` random bits in the bytes after `firstDataLine` (0-based) and writes the copy to tmp. */
function mutate(src: string, firstDataLine: number, flips: number, seed: number): Mutated {
  const orig = readFileSync(src);
  const bytes = Buffer.from(orig);
  let from = 0;
  for (let l = 0; l < firstDataLine; l++) from = bytes.indexOf(0x0a, from) + 1;
  const r = rng(seed);
  const damaged = new Set<number>();
  for (let i = 0; i < flips; i++) {
    const at = from + Math.floor(r() * (bytes.length - from));
    bytes[at]! ^= 1 << Math.floor(r() * 8);
    damaged.add(orig.subarray(0, at).filter((b) => b === 0x0a).length);
  }
  const file = path.join(tmp, `${path.basename(src, '.csv')}-${seed}.csv`);
  writeFileSync(file, bytes);
  return { file, damaged, bytes };
}

/** Records of a commented CSV as a reader counts them: each line that is not blank or a `#` comment, or is not UTF-8. */
function countRecords(bytes: Buffer, headerLines: number): number {
  let n = 0;
  const lines = bytes.toString('latin1').split('\n');
  let off = 0;
  lines.forEach((latin, i) => {
    const raw = bytes.subarray(off, off + latin.length);
    off += latin.length + 1;
    if (i < headerLines) return;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      n++;
      return;
    }
    const t = text.trim();
    if (t !== '' && !t.startsWith('#')) n++;
  });
  return n;
}

const FILES = [
  // ThreatFox: 9-line `#` banner + commented header; Feodo: 8-line banner + plain header on line 9.
  { name: 'ThreatFox URLs', src: path.join(DATA, 'iocs/abusech-threatfox/full_urls.csv'), headerLines: 10, flips: 10 },
  { name: 'ThreatFox sha256', src: path.join(DATA, 'iocs/abusech-threatfox/full_sha256.csv'), headerLines: 10, flips: 10 },
  { name: 'Feodo', src: path.join(DATA, 'iocs/abusech-feodo/ipblocklist.csv'), headerLines: 9, flips: 1 },
];

describe('bit-flipped CSV files lose only their damaged lines', () => {
  for (const f of FILES) {
    it(`${f.name}: values of undamaged lines all kept over 12 mutated copies`, async () => {
      const clean = await collect(importCsv(f.src, opts));
      expect(clean.rejects).toEqual([]);
      const origLines = readFileSync(f.src, 'utf8').split('\n');
      for (let seed = 1; seed <= 12; seed++) {
        const m = mutate(f.src, f.headerLines, f.flips, seed);
        const got = await collect(importCsv(m.file, opts));
        const have = new Set(got.attributes.map((a) => `${a.type}|${a.value}`));
        const lost = clean.attributes.filter((a) => !have.has(`${a.type}|${a.value}`));
        // Every lost value was on a damaged line (its text, case aside, is there).
        const damagedText = [...m.damaged].map((i) => (origLines[i] ?? '').toLowerCase());
        for (const a of lost) {
          // The canonical URL may carry a slash the list did not print.
          const needle = a.type === 'ip-dst|port' ? a.value.split('|')[0]! : a.value.toLowerCase().replace(/\/$/, '');
          expect(damagedText.some((t) => t.includes(needle)), `seed ${seed}: ${a.value} lost but its line is intact`).toBe(true);
        }
        expect(lost.length).toBeLessThanOrEqual(m.damaged.size);
        expect(got.rejects.length).toBeLessThanOrEqual(m.damaged.size + 1);
        expect(got.rejects.every((r) => typeof r.line === 'number' && r.reason !== '')).toBe(true);
      }
    }, 120_000);
  }

  it('one broken quote in Feodo rejects that row only: 27 of 28 kept, the summary says so', async () => {
    const text = readFileSync(path.join(DATA, 'iocs/abusech-feodo/ipblocklist.csv'), 'utf8');
    const lines = text.split('\n');
    lines[11] = lines[11]!.replace('","', '"x,"'); // line 12: a stray character after a closing quote
    const file = path.join(tmp, 'feodo-one-bad.csv');
    writeFileSync(file, lines.join('\n'));
    const c = await collect(importCsv(file, opts));
    expect(c.attributes).toHaveLength(27);
    expect(c.rejects).toEqual([expect.objectContaining({ line: 12, reason: expect.stringMatching(/^CSV: .*quote/i) })]);
  });

  it('an unclosed quote mid-file does not swallow the lines after it; a legal multi-line field is kept', async () => {
    const file = path.join(tmp, 'unclosed.csv');
    writeFileSync(
      file,
      'ioc_value,ioc_type,comment\nevil.example,domain,"ok"\n"bad.example,domain,x\nnext.example,domain,y\n' +
        'multi.example,domain,"two\nlines"\nlast.example,domain,z\n',
    );
    const c = await collect(importCsv(file, { ...opts, columns: { value: 'ioc_value', comment: 'comment' } }));
    expect(c.attributes.map((a) => [a.value, a.comment])).toEqual([
      ['evil.example', 'ok'],
      ['next.example', 'y'],
      ['multi.example', 'two\nlines'],
      ['last.example', 'z'],
    ]);
    expect(c.rejects).toEqual([expect.objectContaining({ line: 3, reason: expect.stringMatching(/quote/i) })]);
  });

  for (const engine of ['sqlite', 'postgres'] as const) {
    it(`${engine}: the summary adds up on mutated ThreatFox and Feodo files (imported + duplicates + rejected = read)`, async () => {
      const t = await createTestStore(engine);
      try {
        for (const f of FILES) {
          const m = mutate(f.src, f.headerLines, f.flips * 3, 100);
          const s = await runImport(t.store, [m.file], { org: { name: 'Mutation Org' } });
          expect(s.read).toBe(countRecords(m.bytes, f.headerLines));
          expect(s.imported + s.updated + s.duplicates + s.rejected + s.warninglisted).toBe(s.read);
          expect(s.rejections).toHaveLength(s.rejected);
          // Re-import: nothing new, the same records read, all of them now duplicates or rejections.
          const again = await runImport(t.store, [m.file], { org: { name: 'Mutation Org' } });
          expect(again.read).toBe(s.read);
          expect(again.imported + again.updated).toBe(0);
          expect(again.duplicates + again.rejected).toBe(s.read);
        }
      } finally {
        await t.cleanup();
      }
    }, 120_000);
  }
});
