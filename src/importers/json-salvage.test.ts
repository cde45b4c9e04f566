/**
 * A damaged byte in a MISP event list or a STIX bundle costs only the element it hits: the import equals
 * a clean import of the same document without that element, and the damaged one is rejected with its
 * line and reason. Lists are assembled from real ESET MISP events and OASIS STIX examples in ../shared/data.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importJson } from './json-importer.ts';
import { collect } from './testing.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-json-salvage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const opts = { orgName: 'Salvage Org' };

const esetDir = path.join(DATA, 'iocs/eset-malware-ioc/misp-events');
const mispEvents: unknown[] = readdirSync(esetDir).sort().flatMap((f) => {
  const d = JSON.parse(readFileSync(path.join(esetDir, f), 'utf8')) as { response?: unknown[] };
  return d.response ?? [d];
});
const stixDir = path.join(DATA, 'stix/oasis-cti-documentation/examples');
const stixObjects: unknown[] = [
  ...new Map(
    readdirSync(stixDir).sort()
      .flatMap((f) => (JSON.parse(readFileSync(path.join(stixDir, f), 'utf8')) as { objects: { id: string }[] }).objects)
      .map((o) => [o.id, o] as const),
  ).values(),
];

/** Writes a list document and returns where each element's text lies. */
function writeList(name: string, elements: unknown[], wrap: 'response' | 'bundle' | 'array', indent: number | undefined): { file: string; text: string; ranges: [number, number][] } {
  const parts = elements.map((e) => JSON.stringify(e, null, indent));
  const nl = indent === undefined ? '' : '\n';
  const pad = indent === undefined ? '' : ' '.repeat(indent * (wrap === 'array' ? 1 : 2));
  const inner = parts.map((p) => pad + p.replace(/\n/g, `\n${pad}`));
  const head = wrap === 'response' ? `{${nl}"response": [${nl}` : wrap === 'bundle' ? `{${nl}"type": "bundle",${nl}"id": "bundle--6f2a1f44-4d6b-4a28-9a5e-0c4c2d5c9a11",${nl}"objects": [${nl}` : `[${nl}`;
  const tail = wrap === 'array' ? `${nl}]${nl}` : `${nl}]${nl}}${nl}`;
  const ranges: [number, number][] = [];
  let text = head;
  inner.forEach((p, i) => {
    if (i > 0) text += `,${nl}`;
    ranges.push([text.length + pad.length, text.length + p.length]);
    text += p;
  });
  text += tail;
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return { file, text, ranges };
}

/** Damages one byte inside element k (a quote replaced, or an invalid UTF-8 byte) and writes the copy. */
function damage(doc: { file: string; text: string; ranges: [number, number][] }, k: number, seed: number): string {
  const [a, b] = doc.ranges[k]!;
  const buf = Buffer.from(doc.text, 'utf8');
  let off = a + 1 + ((seed * 7919) % (b - a - 2));
  // A quote replaced always breaks the element (quotes pair up; an escaped one becomes a bad escape).
  if (seed % 3 !== 2) off = doc.text.indexOf('"', off) < b - 1 ? doc.text.indexOf('"', off) : doc.text.lastIndexOf('"', off);
  const at = Buffer.byteLength(doc.text.slice(0, off), 'utf8');
  buf[at] = [0x23, 0x7b, 0xff][seed % 3]!;
  const file = doc.file.replace(/\.json$/, `-damaged-${k}-${seed}.json`);
  writeFileSync(file, buf);
  return file;
}

describe('damaged JSON lists keep their intact elements', () => {
  const cases = [
    { name: 'MISP {"response":[…]} pretty-printed', elements: mispEvents, wrap: 'response' as const, indent: 2 },
    { name: 'MISP [...] compact', elements: mispEvents, wrap: 'array' as const, indent: undefined },
    { name: 'STIX bundle pretty-printed', elements: stixObjects, wrap: 'bundle' as const, indent: 4 },
    { name: 'STIX bundle compact', elements: stixObjects, wrap: 'bundle' as const, indent: undefined },
  ];
  for (const c of cases) {
    it(`${c.name}: a damaged byte in element k equals a clean import without k`, async () => {
      expect(c.elements.length).toBeGreaterThanOrEqual(7);
      const slug = c.name.replace(/\W+/g, '-');
      const doc = writeList(`${slug}.json`, c.elements, c.wrap, c.indent);
      const n = c.elements.length;
      for (const [k, seed] of [[0, 1], [1, 2], [Math.floor(n / 2), 3], [n - 1, 4], [2, 5], [3, 6]] as const) {
        const without = writeList(`${slug}-without-${k}.json`, c.elements.filter((_, i) => i !== k), c.wrap, c.indent);
        const want = await collect(importJson(without.file, opts));
        const got = await collect(importJson(damage(doc, k, seed), opts));
        const label = c.wrap === 'response' ? `response[${k}]` : c.wrap === 'bundle' ? `objects[${k}]` : `[${k}]`;
        const damaged = got.rejects.filter((r) => r.reason.startsWith('damaged element'));
        expect(damaged, `element ${k}`).toEqual([expect.objectContaining({ record: expect.stringMatching(new RegExp(`^${label.replace(/[[\]]/g, '\\$&')} at line \\d+ column \\d+$`)), line: expect.any(Number) })]);
        // Everything else is what a clean import of the list without element k gives (STIX rejects renumbered).
        const norm = (xs: typeof got.events) => JSON.stringify(xs).replace(/"uuid":"[0-9a-f-]{36}","info":"STIX import[^"]*"/g, '');
        expect(got.events.map((e) => e.uuid).sort()).toEqual(want.events.map((e) => e.uuid).sort());
        expect(norm(got.events)).toEqual(norm(want.events));
        expect(got.attributes).toHaveLength(want.attributes.length);
        expect(got.rejects.length - damaged.length).toBe(want.rejects.length);
      }
    }, 120_000);
  }

  it('a document that is not a list still fails whole, with the parse error', async () => {
    const text = readFileSync(path.join(DATA, 'misp/events/misp-tests-event-regin.json'), 'utf8');
    const file = path.join(tmp, 'single-event-damaged.json');
    writeFileSync(file, text.replace('"Attribute"', '"Attribute'));
    const c = await collect(importJson(file, opts));
    expect(c.events).toEqual([]);
    expect(c.rejects).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^invalid JSON: /) })]);
  });
});
