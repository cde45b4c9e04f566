import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.ts';
import { importFeed } from './feed-importer.ts';
import { importJson } from './json-importer.ts';
import { collect } from './testing.ts';

const DATA = path.resolve(process.cwd(), '../shared/data');
const opts = { orgName: 'Test Org' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('MISP event JSON', () => {
  it('{"Event":…} (Regin): 38 attributes, tags kept, link and regkey values untouched', async () => {
    const c = await collect(importJson(path.join(DATA, 'misp/events/misp-tests-event-regin.json'), opts));
    expect(c.events).toHaveLength(1);
    expect(c.attributes).toHaveLength(38);
    expect(c.events[0]!.tags.map((t) => t.name)).toContain('Type:OSINT');
    expect(c.attributes.filter((a) => a.type === 'md5')).toHaveLength(27);
    expect(c.rejects).toEqual([]);
  });

  it('a bare event body with objects (PyMISP existing_event): 122 attributes across 49 objects', async () => {
    const c = await collect(importJson(path.join(DATA, 'misp/events/pymisp-existing_event.json'), opts));
    expect(c.events[0]!.objects).toHaveLength(49);
    expect(c.attributes).toHaveLength(122);
  });

  it('{"response":[…]} ESET events: 606 attributes over 13 files, galaxies become tags', async () => {
    const dir = path.join(DATA, 'iocs/eset-malware-ioc/misp-events');
    let total = 0;
    for (const f of (await import('node:fs')).readdirSync(dir)) {
      const c = await collect(importJson(path.join(dir, f), opts));
      expect(c.rejects).toEqual([]);
      total += c.attributes.length;
    }
    expect(total).toBe(606);
  });

  it('CIRCL long_event: invalid URLs are reported by event and attribute uuid, the rest imports', async () => {
    const c = await collect(importJson(path.join(DATA, 'iocs/misp-circl-osint/long_event.json'), opts));
    expect(c.attributes).toHaveLength(367);
    expect(c.rejects).toHaveLength(3);
    expect(c.rejects[0]!.record).toMatch(/^Event 57153590-f73c-49fa-be4b-4737950d210f attribute 571620b0-5e38-4e8c-9c29-416d950d210f$/);
    expect(c.rejects[0]!.reason).toMatch(/^invalid url value/);
  });

  it('CIRCL to_delete2: the private ip-dst|port is kept with a note', async () => {
    const c = await collect(importJson(path.join(DATA, 'iocs/misp-circl-osint/to_delete2.json'), opts));
    expect(c.attributes.some((a) => a.type === 'ip-dst|port' && a.value === '10.10.30.110|1992')).toBe(true);
    expect(c.notes.some((n) => /non-routable/.test(n.reason))).toBe(true);
  });

  it('sightings, galaxy clusters and the sharing-group index', async () => {
    const s = await collect(importJson(path.join(DATA, 'misp/events/pymisp-sighting_1.json'), opts));
    expect(s.events[0]!.sightings).toHaveLength(6);
    expect(s.events[0]!.tags.map((t) => t.name)).toContain('misp-galaxy:banker="Gozi"');
    const sg = await collect(importJson(path.join(DATA, 'misp/events/pymisp-sharing_groups.json'), opts));
    expect(sg.events).toEqual([]);
    expect(sg.skips.map((x) => x.reason)).toEqual(['a MISP SharingGroup record, not an event', 'a MISP SharingGroup record, not an event']);
  });

  it('generic JSON lists: AWS ip-ranges (v4 + v6 prefixes) and MISP warninglists', async () => {
    const aws = await collect(importJson(path.join(DATA, 'iocs/cloud-ranges/provider-originals/aws-ip-ranges.json'), opts));
    expect(aws.attributes.length + aws.repeated).toBe(8971 + 4373);
    const wl = await collect(importJson(path.join(DATA, 'iocs/cloud-ranges/misp-warninglists/cloudflare.json'), opts));
    expect(wl.attributes).toHaveLength(22);
  });

  it('broken and foreign JSON is reported, never thrown', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"Event": {"uuid": ');
    expect((await collect(importJson(bad, opts))).rejects[0]!.reason).toMatch(/^invalid JSON/);
    const noUuid = path.join(tmp, 'nouuid.json');
    writeFileSync(noUuid, JSON.stringify({ Event: { info: 'x', Attribute: [{ type: 'domain', value: 'a.example' }] } }));
    expect((await collect(importJson(noUuid, opts))).rejects[0]!.reason).toBe('event has no valid uuid');
    const foreign = path.join(tmp, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ hello: 'world' }));
    expect((await collect(importJson(foreign, opts))).rejects[0]!.reason).toMatch(/neither MISP nor STIX/);
  });
});

describe('MISP feed directories and detection', () => {
  it('imports the events a manifest lists and reports missing files', async () => {
    const dir = path.join(tmp, 'feed');
    mkdirSync(dir);
    const uuid = '11111111-2222-4333-8444-555555555555';
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ [uuid]: { info: 'x' }, 'aaaaaaaa-2222-4333-8444-555555555555': { info: 'gone' } }));
    writeFileSync(path.join(dir, `${uuid}.json`), JSON.stringify({ Event: { uuid, info: 'feed event', date: '2024-01-01', timestamp: '1700000000',
      Orgc: { name: 'Feed Org', uuid: '99999999-2222-4333-8444-555555555555' },
      Attribute: [{ uuid: '21111111-2222-4333-8444-555555555555', type: 'ip-dst', category: 'Network activity', value: '203.0.113.10', to_ids: true, timestamp: '1700000000' }] } }));
    const c = await collect(importFeed(dir, opts));
    expect(c.events.map((e) => e.info)).toEqual(['feed event']);
    expect(c.events[0]!.orgc).toEqual({ name: 'Feed Org', uuid: '99999999-2222-4333-8444-555555555555' });
    expect(c.rejects.map((r) => r.reason)).toEqual(['event file aaaaaaaa-2222-4333-8444-555555555555.json is missing']);
    expect(await detectFormat(dir)).toBe('feed');
  });

  it('detects formats by content', async () => {
    expect(await detectFormat(path.join(DATA, 'iocs/spamhaus-drop/drop_v4.json'))).toBe('jsonl');
    expect(await detectFormat(path.join(DATA, 'misp/events/pymisp-existing_event.json'))).toBe('json');
    expect(await detectFormat(path.join(DATA, 'iocs/abusech-threatfox/full_urls.csv'))).toBe('csv');
    expect(await detectFormat(path.join(DATA, 'iocs/cloud-ranges/provider-originals/linode.txt'))).toBe('csv');
    expect(await detectFormat(path.join(DATA, 'iocs/maltrail-selected/dcrat.txt'))).toBe('text');
    expect(await detectFormat(path.join(DATA, 'iocs/eset-malware-ioc/tick/samples.md5'))).toBe('text');
  });
});
