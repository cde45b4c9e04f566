import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importText, lineValue } from './text-importer.ts';
import { collect } from './testing.ts';

const IOCS = path.resolve(process.cwd(), '../shared/data/iocs');
const opts = { orgName: 'Test Org' };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Lines that carry a value (what the importer must account for, one way or another). */
function valueLines(file: string): number {
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => lineValue(l) !== null).length;
}

describe('text lists', () => {
  it('maltrail apt_darkhotel: every line is imported, repeated or rejected with its line number', async () => {
    const file = path.join(IOCS, 'maltrail-selected/apt_darkhotel.txt');
    const c = await collect(importText(file, opts));
    expect(c.attributes.length + c.repeated + c.rejects.length).toBe(valueLines(file));
    expect(c.rejects).toContainEqual(expect.objectContaining({ line: 250, value: 'support¬forum.org', reason: expect.stringMatching(/¬/) }));
    expect(c.attributes.filter((a) => a.value === 'autocargo.100gbfreehost.com')).toHaveLength(1);
    expect(c.repeated).toBeGreaterThan(0);
    expect(new Set(c.events.map((e) => e.uuid)).size).toBe(1);
  });

  it('maltrail formbook: trailing blanks are trimmed, path-only trails are rejected as such', async () => {
    const file = path.join(IOCS, 'maltrail-selected/formbook.txt');
    const c = await collect(importText(file, opts));
    expect(c.attributes.some((a) => a.value === 'mypeeps.ninja')).toBe(true);
    expect(c.rejects.find((r) => r.value === '/h383/?CneDl=')?.line).toBe(203);
    expect(c.attributes.length + c.repeated + c.rejects.length).toBe(valueLines(file));
  });

  it('ESET modiloader: the 41-character "sha1" is reported with its line', async () => {
    const c = await collect(importText(path.join(IOCS, 'eset-malware-ioc/modiloader/samples.sha1'), opts));
    expect(c.rejects).toEqual([expect.objectContaining({ line: 13, value: 'f0295f2e46cebffaf7892a5b33ba54122781c20bs' })]);
    expect(c.attributes.every((a) => a.type === 'sha1')).toBe(true);
  });

  it('ESET tick: upper-case sha256 values are lower-cased', async () => {
    const c = await collect(importText(path.join(IOCS, 'eset-malware-ioc/tick/samples.sha256'), opts));
    expect(c.attributes.length).toBeGreaterThan(0);
    expect(c.attributes.every((a) => a.type === 'sha256' && a.value === a.value.toLowerCase())).toBe(true);
  });

  it('Spamhaus DROP JSON lines: 1,406 CIDRs and the metadata line skipped with a reason', async () => {
    const c = await collect(importText(path.join(IOCS, 'spamhaus-drop/drop_v4.json'), opts));
    expect(c.attributes).toHaveLength(1406);
    expect(c.attributes[0]).toMatchObject({ type: 'ip-dst', value: '1.10.16.0/20' });
    expect(c.skips).toEqual([expect.objectContaining({ line: 1407, reason: expect.stringMatching(/metadata/) })]);
    expect(c.rejects).toEqual([]);
  });

  it('FireHOL feodo.ipset (header only) yields no event and says so', async () => {
    const c = await collect(importText(path.join(IOCS, 'firehol/feodo.ipset'), opts));
    expect(c.events).toEqual([]);
    expect(c.skips.map((s) => s.reason)).toEqual(['no indicators in file']);
  });

  it('FireHOL level1: non-routable ranges are imported with a note, not silently', async () => {
    const c = await collect(importText(path.join(IOCS, 'firehol/firehol_level1.netset'), opts));
    expect(c.attributes).toHaveLength(2511);
    expect(c.notes.map((n) => n.value)).toEqual(expect.arrayContaining(['10.0.0.0/8', '192.168.0.0/16', '224.0.0.0/3']));
  });

  it('Unit 42 Skimmer list: BOM on line 1 and defanged URLs', async () => {
    const c = await collect(importText(path.join(IOCS, 'unit42/Skimmer_IOC.txt'), opts));
    expect(c.attributes).toHaveLength(108);
    expect(c.attributes[0]).toMatchObject({ type: 'url', value: 'http://1051portola.com/' });
    expect(c.rejects).toEqual([]);
  });

  it('survives junk: invalid UTF-8, an over-long line, bad JSON lines, inline comments', async () => {
    const file = path.join(tmp, 'junk.txt');
    writeFileSync(file, Buffer.concat([
      Buffer.from('# header\nevil.example # trailing comment\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from(`${'a'.repeat(2 << 20)}\n`),
      Buffer.from('{"cidr": \n{"note":"x"}\n8.8.8.8 ; dns\nhxxp://bad[.]example/x\n'),
    ]));
    const c = await collect(importText(file, opts));
    expect(c.attributes.map((a) => a.value)).toEqual(['evil.example', '8.8.8.8', 'http://bad.example/x']);
    expect(c.rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'not valid UTF-8'],
      [4, expect.stringMatching(/longer than/)],
      [5, 'invalid JSON record'],
      [6, 'JSON record has no indicator field'],
    ]);
  });

  it('is deterministic and splits long lists into parts with stable uuids', async () => {
    const file = path.join(IOCS, 'firehol/et_compromised.ipset');
    const a = await collect(importText(file, { ...opts, partSize: 100 }));
    const b = await collect(importText(file, opts));
    expect(b.events).toHaveLength(1);
    expect(a.events.length).toBe(8);
    expect(new Set(a.events.map((e) => e.uuid)).size).toBe(8);
    expect(a.events[0]!.uuid).toBe(b.events[0]!.uuid);
    expect(a.events[1]!.info).toBe('Import of et_compromised.ipset (part 2)');
    expect(a.attributes.map((x) => x.uuid)).toEqual(b.attributes.map((x) => x.uuid));
    const again = await collect(importText(file, { ...opts, partSize: 100 }));
    expect(again.events.map((e) => e.uuid)).toEqual(a.events.map((e) => e.uuid));
    const other = await collect(importText(file, { orgName: 'Other Org' }));
    expect(other.events[0]!.uuid).not.toBe(b.events[0]!.uuid);
  });
});

describe('warninglists', () => {
  it('--skip-warninglisted skips values on a list and says which list', async () => {
    const { loadWarninglists } = await import('../services/load-warninglists.ts');
    const { set } = await loadWarninglists(path.resolve(process.cwd(), '../shared/data/misp/warninglists'));
    const file = path.join(tmp, 'wl.txt');
    writeFileSync(file, '8.8.8.8\nevil-c2.example\n8.8.8.8\n');
    const c = await collect(importText(file, { ...opts, warninglist: (t, v) => set.check(t, v) }));
    expect(c.attributes.map((a) => a.value)).toEqual(['evil-c2.example']);
    expect(c.skips).toEqual([expect.objectContaining({ line: 1, warninglisted: true, reason: expect.stringMatching(/^on warninglist: /) })]);
    expect(c.repeated).toBe(1);
  });
});
