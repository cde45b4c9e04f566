/** `renkei search` as users run it: a real process on a temp SQLite store. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, event } from '../../storage/contract/fixtures.ts';
import { openStore } from '../../storage/open-store.ts';
import { enabledKinds, parseValueLines } from './search.ts';

const run = promisify(execFile);
const BIN = path.resolve(process.cwd(), 'bin/renkei.js');
const WARNINGLISTS = path.resolve(process.cwd(), '../shared/data/misp/warninglists');
const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-search-'));
const db = path.join(dir, 'node.sqlite');

async function renkei(args: string[]) {
  try {
    const p = run(process.execPath, [BIN, 'search', ...args], { env: { ...process.env, RENKEI_DB: '' } });
    p.child.stdin?.end(); // an empty stdin: no piped values
    const r = await p;
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('renkei search (local store)', () => {
  beforeAll(async () => {
    const opened = await openStore(db);
    const org = await opened.store.ensureOrg({ name: 'Local CSIRT' });
    await opened.store.saveEvents(
      [
        event([attr('ip-dst', '45.2.0.0/16'), attr('domain', 'evil-corp.com', { firstSeen: '2024-01-01T00:00:00Z' }), attr('ip-dst', '8.8.8.8')], {
          info: 'BlackTech C2',
          tags: [{ name: 'tlp:amber' }],
          distribution: 0,
        }),
      ],
      org.id,
    );
    await opened.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints hits with event, tags, first seen and match kind', async () => {
    const r = await renkei(['--db', db, '45.2.9.9', 'www.evil-corp.com', 'nothing-here.net']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('45.2.9.9 (ip-dst): 1 hit');
    expect(r.stdout).toMatch(/cidr\s+ip-dst 45\.2\.0\.0\/16 .*"BlackTech C2".*tlp:amber/);
    expect(r.stdout).toMatch(/subdomain\s+domain evil-corp\.com .*seen 2024-01-01T00:00:00Z/);
    expect(r.stdout).toContain('nothing-here.net (domain): no hits');
  });

  it('prints one JSON object per input, with warninglist flags, and honours --no-* flags', async () => {
    const file = path.join(dir, 'values.txt');
    writeFileSync(file, '\uFEFF# comment\n8.8.8.8\n\n45.2.9.9\nnot a value\n');
    const r = await renkei(['--db', db, '--file', file, '--json', '--no-cidr', '--warninglists', WARNINGLISTS]);
    expect(r.code).toBe(1); // one input could not be read
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown> & { hits: Array<{ match: string }> }>;
    expect(out.map((o) => o.input)).toEqual(['8.8.8.8', '45.2.9.9', 'not a value']);
    expect(out[0]).toMatchObject({ type: 'ip-dst', value: '8.8.8.8', warninglists: ['List of known IPv4 public DNS resolvers'] });
    expect(out[0]!.hits.map((h) => h.match)).toEqual(['exact']);
    expect(out[1]!.hits).toEqual([]);
    expect(out[2]!.error).toBeTruthy();
  });

  it('restricts to what a named organisation may see', async () => {
    const r = await renkei(['--db', db, '--org', 'Local CSIRT', 'evil-corp.com']);
    expect(r.stdout).toContain('1 hit');
    const missing = await renkei(['--db', db, '--org', 'Nobody', 'evil-corp.com']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no organisation');
  });

  it('fails with a usage error for a missing store or no values', async () => {
    expect((await renkei(['--db', path.join(dir, 'absent.sqlite'), 'x.com'])).code).toBe(2);
    const none = await renkei(['--db', db]);
    expect(none.code).toBe(2);
  });

  it('parses value files and kind flags', () => {
    expect(parseValueLines('\uFEFFa\r\n # c\n\n b \n')).toEqual(['a', 'b']);
    expect(enabledKinds({ cidr: false, subdomain: true, urlHost: false, composite: true })).toEqual(['exact', 'composite', 'subdomain']);
  });
});
