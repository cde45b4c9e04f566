import path from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../testkit/store-factory.ts';
import { importExitCode, runImport, type ImportSummary } from './run-import.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');
const org = { name: 'Import Test Org' };

function countFiles(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + (statSync(path.join(dir, f)).isDirectory() ? countFiles(path.join(dir, f)) : 1), 0);
}

describe('every shared data file imports into SQLite', () => {
  let t: TestStore;
  let first: ImportSummary;
  const paths = [path.join(DATA, 'iocs'), path.join(DATA, 'misp/events')];
  beforeAll(async () => {
    t = await createTestStore('sqlite');
    first = await runImport(t.store, paths, { org });
  }, 600_000);
  afterAll(async () => t?.cleanup());

  it('reads every file, saves what it counts and reports every rejection with a place and a reason', async () => {
    expect(first.files).toBe(countFiles(paths[0]!) + countFiles(paths[1]!));
    expect(first.unreadable).toBe(0);
    expect(first.rejections.every((r) => r.file && r.reason && (r.line !== undefined || r.record !== undefined))).toBe(true);
    expect(first.rejections).toHaveLength(first.rejected);
    const counts = await t.store.counts();
    expect(counts.attributes).toBe(first.imported);
    expect(first.imported).toBeGreaterThan(150_000);
    expect(importExitCode(first)).toBe(1);
  });

  it('reports the quirky entries where they are', () => {
    const rej = (file: string, line: number) => first.rejections.find((r) => r.file.endsWith(file) && r.line === line);
    expect(rej('maltrail-selected/apt_darkhotel.txt', 250)?.value).toBe('support¬forum.org');
    expect(rej('eset-malware-ioc/modiloader/samples.sha1', 13)?.value).toBe('f0295f2e46cebffaf7892a5b33ba54122781c20bs');
    expect(first.skips.find((s) => s.file.endsWith('spamhaus-drop/drop_v4.json'))).toMatchObject({ line: 1407 });
    expect(first.skips.find((s) => s.file.endsWith('firehol/feodo.ipset'))?.reason).toBe('no indicators in file');
    expect(first.rejections.filter((r) => r.file.endsWith('misp-circl-osint/long_event.json'))).toHaveLength(3);
    expect(first.notes.some((n) => n.file.endsWith('firehol_level1.netset') && n.value === '10.0.0.0/8')).toBe(true);
  });

  it('re-importing the same data changes nothing', async () => {
    const again = await runImport(t.store, paths, { org });
    expect(again.imported).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.events.created + again.events.updated).toBe(0);
    expect(again.unchanged).toBe(first.imported + first.updated + first.unchanged);
    expect(again.rejected).toBe(first.rejected);
    expect((await t.store.counts()).attributes).toBe(first.imported);
  }, 600_000);
});

describe('interrupted import', () => {
  it('a re-run after an abort ends with the same store as a clean import, without duplicates', async () => {
    const dir = path.join(DATA, 'iocs/maltrail-selected');
    const clean = await createTestStore('sqlite');
    const broken = await createTestStore('sqlite');
    try {
      const ref = await runImport(clean.store, [dir], { org, batchAttributes: 5000 });
      const ac = new AbortController();
      let batches = 0;
      await expect(runImport(broken.store, [dir], {
        org, batchAttributes: 5000, signal: ac.signal,
        onProgress: () => {
          if (++batches === 3) ac.abort();
        },
      })).rejects.toThrow();
      const partial = (await broken.store.counts()).attributes;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(ref.imported);
      const rerun = await runImport(broken.store, [dir], { org, batchAttributes: 5000 });
      expect(rerun.imported + rerun.unchanged).toBe(ref.imported);
      expect(rerun.unchanged).toBe(partial);
      expect(await broken.store.counts()).toEqual(await clean.store.counts());
    } finally {
      await clean.cleanup();
      await broken.cleanup();
    }
  }, 600_000);
});
