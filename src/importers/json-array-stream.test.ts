import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonArrayElements, type ArrayElement } from './json-array-stream.ts';
import { importJson } from './json-importer.ts';
import { collect } from './testing.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-jstream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function elements(text: string): Promise<ArrayElement[]> {
  const f = path.join(tmp, `doc-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, text);
  const out: ArrayElement[] = [];
  for await (const e of jsonArrayElements(f)) out.push(e);
  return out;
}

describe('jsonArrayElements', () => {
  it('splits a top-level array and a response array, strings with brackets and escapes included', async () => {
    const tricky = { Event: { info: 'a ] } [ { "quoted" \\ back', uuid: 'x' } };
    expect(await elements(JSON.stringify([tricky, { b: 2 }]))).toEqual([{ index: 0, value: tricky }, { index: 1, value: { b: 2 } }]);
    expect(await elements(`\uFEFF {"response": [${JSON.stringify(tricky)}, {"c":[1,2]}], "extra": {"x": 1}}`)).toEqual([
      { index: 0, value: tricky },
      { index: 1, value: { c: [1, 2] } },
    ]);
  });

  it('yields nothing for other shapes, and reports a broken element', async () => {
    expect(await elements('{"Event": {"uuid": "x"}}')).toEqual([]);
    expect(await elements('"just a string"')).toEqual([]);
    const broken = await elements('[{"a": 1}, {"b": tru}]');
    expect(broken[0]).toEqual({ index: 0, value: { a: 1 } });
    expect(broken[1]).toMatchObject({ index: 1, error: expect.stringMatching(/^invalid JSON/) });
  });

  it('keeps multi-byte text intact across read chunks and imports a streamed MISP export', async () => {
    const events = Array.from({ length: 400 }, (_, i) => ({
      Event: {
        uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, info: `イベント ${i} ${'日本語'.repeat(500)}`, date: '2024-01-01', timestamp: '1700000000',
        Orgc: { name: '組織', uuid: 'aaaaaaaa-0000-4000-8000-000000000000' },
        Attribute: [{ uuid: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'domain', category: 'Network activity', value: `host${i}.example.jp`, to_ids: true, timestamp: '1700000000' }],
      },
    }));
    const f = path.join(tmp, 'big.json');
    writeFileSync(f, JSON.stringify({ response: events }));
    const c = await collect(importJson(f, { orgName: 'T' }, undefined, 1));
    expect(c.events).toHaveLength(400);
    expect(c.events[399]!.info).toBe(events[399]!.Event.info);
    expect(c.attributes.map((a) => a.value)).toContain('host399.example.jp');
  });
});
