import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWarninglists } from './load-warninglists.ts';

const SHARED = path.resolve(process.cwd(), '../shared/data/misp/warninglists');

describe('loadWarninglists', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-wl-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('loads the real MISP warninglists and flags values like MISP', async () => {
    const { set, errors } = await loadWarninglists(SHARED);
    expect(errors).toEqual([]);
    expect(set.size).toBe(11);
    expect(set.check('ip-dst', '8.8.8.8')).toContain('List of known IPv4 public DNS resolvers');
    expect(set.check('ip-dst', '192.168.10.1')).toEqual(['List of RFC 1918 CIDR blocks']);
    expect(set.check('ip-dst|port', '172.16.0.1|8080')).toEqual(['List of RFC 1918 CIDR blocks']);
    expect(set.check('hostname', 'x.bit.ly')).toContain('List of known URL Shorteners domains');
    expect(set.check('url', 'https://bit.ly/3abc')).toContain('List of known URL Shorteners domains');
    expect(set.check('md5', 'd41d8cd98f00b204e9800998ecf8427e')).toContain('List of known hashes for empty files');
    expect(set.check('domain', 'evil-unlisted-domain.top')).toEqual([]);
    expect(set.check('ip-dst', '203.0.114.7')).toEqual([]);
  });

  it('reports bad files and keeps the good ones', async () => {
    writeFileSync(path.join(tmp, 'good.json'), JSON.stringify({ name: 'Good', type: 'string', list: ['x'] }));
    writeFileSync(path.join(tmp, 'broken.json'), '{ not json');
    writeFileSync(path.join(tmp, 'nameless.json'), JSON.stringify({ list: ['y'] }));
    writeFileSync(path.join(tmp, 'bom.json'), '\uFEFF' + JSON.stringify({ name: 'Bom', list: ['z'] }));
    writeFileSync(path.join(tmp, 'notes.txt'), 'ignored');
    const { set, errors } = await loadWarninglists(tmp);
    expect(set.lists.map((l) => l.name).sort()).toEqual(['Bom', 'Good']);
    expect(errors.map((e) => [path.basename(e.file), e.reason.split(':')[0]])).toEqual([
      ['broken.json', 'invalid JSON'],
      ['nameless.json', 'missing "name"'],
    ]);
  });

  it('fails with config_invalid when the directory cannot be read', async () => {
    await expect(loadWarninglists(path.join(tmp, 'missing'))).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
