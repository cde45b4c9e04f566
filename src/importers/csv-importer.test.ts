import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsv } from './csv-importer.ts';
import { collect } from './testing.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');
const opts = { orgName: 'Test Org' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('CSV lists', () => {
  it('ThreatFox URLs: commented header, ", "-separated quoted fields; 6,543 rows all accounted for', async () => {
    const c = await collect(importCsv(path.join(DATA, 'iocs/abusech-threatfox/full_urls.csv'), opts));
    expect(c.rejects).toEqual([]);
    expect(c.attributes.length + c.repeated).toBe(6543);
    expect(c.attributes.filter((a) => a.value === 'https://asioklaydpory.com/work/')).toHaveLength(1);
    expect(c.attributes.every((a) => a.type === 'url')).toBe(true);
  });

  it('ThreatFox sha256: ioc_type sha256_hash maps to sha256, the upper-case value is lower-cased', async () => {
    const c = await collect(importCsv(path.join(DATA, 'iocs/abusech-threatfox/full_sha256.csv'), opts));
    expect(c.attributes).toHaveLength(4037);
    expect(c.attributes.every((a) => a.type === 'sha256' && /^[0-9a-f]{64}$/.test(a.value))).toBe(true);
  });

  it('Feodo: ip and port columns become ip-dst|port', async () => {
    const c = await collect(importCsv(path.join(DATA, 'iocs/abusech-feodo/ipblocklist.csv'), opts));
    expect(c.attributes).toHaveLength(28);
    expect(c.attributes[0]).toMatchObject({ type: 'ip-dst|port', value: '192.9.135.73|1194' });
  });

  it('Unit 42 MuddyWater: type column hints; "IP" rows holding ip:port are kept with a note', async () => {
    const c = await collect(importCsv(path.join(DATA, 'iocs/unit42/iran_linked_operators/MuddyWater.csv'), opts));
    expect(c.attributes.some((a) => a.type === 'filename')).toBe(true);
    expect(c.notes).toContainEqual(expect.objectContaining({ line: 47, reason: expect.stringMatching(/listed as IP/) }));
    expect(c.attributes.some((a) => a.type === 'ip-dst|port' && a.value === '163.172.147.222|4555')).toBe(true);
  });

  it('Unit 42 APT33: a 31-digit "hash" is rejected with its line', async () => {
    const c = await collect(importCsv(path.join(DATA, 'iocs/unit42/iran_linked_operators/APT33.csv'), opts));
    expect(c.rejects).toContainEqual(expect.objectContaining({ line: 52, value: 'f5329cf2a829f8840ba6a903f17a1bf' }));
  });

  it('Unit 42 bitter: BOM, several indicator columns per row', async () => {
    const c = await collect(importCsv(path.join(DATA, 'iocs/unit42/bitter/iocs.csv'), opts));
    const types = new Set(c.attributes.map((a) => a.type));
    expect([...types]).toEqual(expect.arrayContaining(['sha256', 'sha1', 'md5']));
    expect(c.rejects.every((r) => typeof r.line === 'number')).toBe(true);
  });

  it('header-less (DigitalOcean geofeed) and #-commented header (Linode) range files', async () => {
    const d = await collect(importCsv(path.join(DATA, 'iocs/cloud-ranges/provider-originals/digitalocean.csv'), opts));
    expect(d.attributes).toHaveLength(1182);
    const l = await collect(importCsv(path.join(DATA, 'iocs/cloud-ranges/provider-originals/linode.txt'), opts));
    expect(l.attributes).toHaveLength(4552);
  });

  it('MISP restSearch CSV keeps MISP types, categories and to_ids', async () => {
    const c = await collect(importCsv(path.join(DATA, 'misp/events/misp-tests-event-regin.csv'), opts));
    expect(c.attributes).toHaveLength(38);
    expect(c.rejects).toEqual([]);
    const reg = c.attributes.find((a) => a.type === 'regkey')!;
    expect(reg).toMatchObject({ value: 'Class\\{4F20E605-9452-4787-B793-D0204917CA58}', toIds: true, category: 'Artifacts dropped' });
    expect(c.attributes.find((a) => a.type === 'link')!.toIds).toBe(false);
  });

  it('--columns maps by header name or 1-based number; a bad mapping is a usage error', async () => {
    const file = path.join(tmp, 'mapped.csv');
    writeFileSync(file, 'when,what,note\n2024-01-01,evil[.]example,"first, seen"\n2024-01-02,not a value,x\n');
    const byName = await collect(importCsv(file, { ...opts, columns: { value: 'what', comment: 'note' } }));
    expect(byName.attributes).toEqual([expect.objectContaining({ type: 'domain', value: 'evil.example', comment: 'first, seen' })]);
    expect(byName.rejects).toEqual([expect.objectContaining({ line: 3, value: 'not a value' })]);
    const byIndex = await collect(importCsv(file, { ...opts, columns: { value: '2' } }));
    expect(byIndex.attributes.map((a) => a.value)).toEqual(['evil.example']);
    await expect(collect(importCsv(file, { ...opts, columns: { value: 'nope' } }))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('reports broken CSV rows with their line instead of failing the file', async () => {
    const file = path.join(tmp, 'broken.csv');
    writeFileSync(file, 'ioc_value,ioc_type\n"evil.example",domain\n"bad"x",domain\n');
    const c = await collect(importCsv(file, opts));
    expect(c.attributes.map((a) => a.value)).toEqual(['evil.example']);
    expect(c.rejects).toEqual([expect.objectContaining({ line: 3, reason: expect.stringMatching(/^CSV: .*quote/i) })]);
  });
});
