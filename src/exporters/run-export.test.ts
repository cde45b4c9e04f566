import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../testkit/store-factory.ts';
import { runImport } from '../importers/run-import.ts';
import { validateStix } from '../stix/validate.ts';
import type { IntelStore } from '../storage/port.ts';
import { eventToMisp } from './misp-shape.ts';
import { runExport } from './run-export.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');
const SCHEMAS = path.join(DATA, 'stix/oasis-cti-stix2-json-schemas/schemas');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-export-'));
const org = { name: 'Exporter Org' };

async function viewerOf(store: IntelStore, name: string) {
  const o = (await store.getOrg(name))!;
  return { orgId: o.id, sharingGroupIds: await store.sharingGroupIdsForOrg(o.id) };
}

/** Every event as MISP JSON (feed shape), sorted, for comparing two stores. */
async function snapshot(store: IntelStore, viewerOrg: string): Promise<unknown[]> {
  const orgs = new Map((await store.listOrgs()).map((o) => [o.id, o]));
  const sharingGroups = new Map((await store.listSharingGroups()).map((g) => [g.id, g]));
  const out: unknown[] = [];
  for await (const fe of store.iterateEvents(await viewerOf(store, viewerOrg))) out.push(eventToMisp(fe, { orgs, sharingGroups, feed: true }));
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('exports', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
    await runImport(t.store, [path.join(DATA, 'misp/events'), path.join(DATA, 'iocs/misp-circl-osint'), path.join(DATA, 'iocs/abusech-feodo/ipblocklist.csv')], { org });
    const red = path.join(tmp, 'red.txt');
    writeFileSync(red, 'red-only.example\n');
    await runImport(t.store, [red], { org, tags: [{ name: 'tlp:red' }] });
    const green = path.join(tmp, 'green.txt');
    writeFileSync(green, 'green-only.example\n');
    await runImport(t.store, [green], { org, tags: [{ name: 'tlp:green' }] });
  }, 300_000);
  afterAll(async () => {
    await t?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a MISP feed export re-imports losslessly', async () => {
    const viewer = await viewerOf(t.store, org.name);
    const dir = path.join(tmp, 'feed');
    const s = await runExport(t.store, { format: 'feed', out: dir, viewer });
    expect(s.events).toBeGreaterThan(10);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['manifest.json', 'hashes.csv']));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest)).toHaveLength(s.events);
    const copy = await createTestStore('sqlite');
    try {
      const r = await runImport(copy.store, [dir], { org: { name: 'Receiving Org' } });
      expect(r.rejected).toBe(0);
      expect(r.events.created).toBe(s.events);
      // The receiving org owns the copy but every event, attribute, object, tag and sighting is the same.
      const ownOrgs = (await copy.store.listOrgs()).map((o) => o.name);
      expect(ownOrgs).toContain(org.name);
      expect(await snapshot(copy.store, 'Receiving Org')).toEqual(await snapshot(t.store, org.name));
      const again = await runImport(copy.store, [dir], { org: { name: 'Receiving Org' } });
      expect(again.imported + again.updated).toBe(0);
    } finally {
      await copy.cleanup();
    }
  }, 300_000);

  it('STIX export validates against the OASIS schemas and uses deterministic SCO ids', async () => {
    const viewer = await viewerOf(t.store, org.name);
    const out = path.join(tmp, 'bundle.json');
    const s = await runExport(t.store, { format: 'stix', out, viewer, stixSchemas: SCHEMAS });
    expect(s.invalid).toEqual([]);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { type: string; objects: Record<string, unknown>[] };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.length).toBe(s.objects);
    expect(validateStix(bundle.objects, SCHEMAS).errors).toEqual([]);
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
    expect(bundle.objects.some((o) => o.type === 'indicator' && String(o.pattern).includes("network-traffic:dst_port = 1194"))).toBe(true);
    const second = path.join(tmp, 'bundle2.json');
    await runExport(t.store, { format: 'stix', out: second, viewer });
    const ids2 = (JSON.parse(readFileSync(second, 'utf8')) as { objects: { id: string }[] }).objects.map((o) => o.id);
    expect(ids2).toEqual(bundle.objects.map((o) => o.id));
  }, 120_000);

  it('--tlp caps the export and CSV uses the MISP restSearch columns', async () => {
    const viewer = await viewerOf(t.store, org.name);
    const all = path.join(tmp, 'all.txt');
    await runExport(t.store, { format: 'text', out: all, viewer });
    const allValues = readFileSync(all, 'utf8').split('\n');
    expect(allValues).toEqual(expect.arrayContaining(['red-only.example', 'green-only.example']));
    expect(new Set(allValues).size).toBe(allValues.length);
    const green = path.join(tmp, 'green.csv');
    await runExport(t.store, { format: 'csv', out: green, viewer, maxTlp: 'green' });
    const csv = readFileSync(green, 'utf8');
    const header = readFileSync(path.join(DATA, 'misp/events/misp-tests-event-regin.csv'), 'utf8').split('\n')[0];
    expect(csv.split('\n')[0]).toBe(header);
    expect(csv).toContain('"green-only.example"');
    expect(csv).not.toContain('red-only.example');
    expect(csv).toContain('"md5","744c07e886497f7b68f6f7fe57b7ab54","Regin samples collected.",1,1418217432');
  }, 120_000);

  it('MISP JSON export is {"response":[{"Event":…}]} with string ids and boolean to_ids, and re-imports', async () => {
    const viewer = await viewerOf(t.store, org.name);
    const out = path.join(tmp, 'events.json');
    const s = await runExport(t.store, { format: 'misp', out, viewer });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { response: { Event: Record<string, unknown> }[] };
    expect(doc.response).toHaveLength(s.events);
    const ev = doc.response[0]!.Event;
    expect(typeof ev.id).toBe('string');
    expect(typeof ev.timestamp).toBe('string');
    const a = (ev.Attribute as Record<string, unknown>[])[0]!;
    expect(typeof a.to_ids).toBe('boolean');
    const copy = await createTestStore('sqlite');
    try {
      const r = await runImport(copy.store, [out], { org: { name: 'Receiving Org' } });
      expect(r.rejected).toBe(0);
      expect(r.events.created).toBe(s.events);
    } finally {
      await copy.cleanup();
    }
  }, 120_000);
});
