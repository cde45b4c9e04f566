/** `renkei search --hub` output (JSON and CSV) and `renkei hub` management commands on a temp database. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../hub/demo/world.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { runHubSearch } from './search-hub.ts';

const run = promisify(execFile);
const world = generateWorld({ fillerPerMember: 100 });
let net: TestNetwork;
let tmp: string;
beforeAll(async () => {
  net = await startNetwork({ members: world.members.slice(2, 4).map((m) => ({ name: m.name, seed: m.events })), hubOverrides: { ipInfo: null } });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-hubcli-'));
});
afterAll(async () => {
  await net?.close();
  rmSync(tmp, { recursive: true, force: true });
  process.exitCode = 0;
});

function capture(): { s: PassThrough; text: () => string } {
  const s = new PassThrough();
  let buf = '';
  s.on('data', (d: Buffer) => (buf += d.toString()));
  return { s, text: () => buf };
}

describe('renkei search --hub', () => {
  it('prints the documented --json shape', async () => {
    const out = capture();
    await runHubSearch([...world.sample.slice(0, 100), 'junk value'], { hub: net.hub.url, key: net.users['Sakura ISAC']!.analyst.key, json: true, out: out.s, err: capture().s });
    const doc = JSON.parse(out.text()) as { members: { name: string; status: string; latencyMs: number; hits: number }[]; results: { input: string; type: string; value: string; hits: Record<string, number> }[]; rejected: { input: string; error: string }[] };
    expect(doc.members.map((m) => m.name).sort()).toEqual(['Sakura ISAC', 'Tsubaki Telecom']);
    expect(doc.members.every((m) => m.status === 'ok' && typeof m.latencyMs === 'number')).toBe(true);
    expect(doc.results).toHaveLength(100);
    const total = doc.results.reduce((n, r) => n + (r.hits['Sakura ISAC'] ?? 0), 0);
    expect(total).toBe(doc.members.find((m) => m.name === 'Sakura ISAC')!.hits);
    expect(doc.rejected).toEqual([{ input: 'junk value', error: 'contains whitespace', code: 'whitespace', params: {} }]);
  });

  it('prints one CSV row per value with a column per member', async () => {
    const out = capture();
    await runHubSearch(world.sample.slice(0, 10), { hub: net.hub.url, key: net.users['Sakura ISAC']!.analyst.key, csv: true, cidr: false, out: out.s, err: capture().s });
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe('input,type,value,Sakura ISAC,Tsubaki Telecom,asn,as_name,country,hosting');
    expect(lines).toHaveLength(11);
  });

  it('fails clearly without a key or with a bad key', async () => {
    const saved = process.env.RENKEI_HUB_KEY;
    delete process.env.RENKEI_HUB_KEY;
    await expect(runHubSearch(['1.2.3.4'], { hub: net.hub.url })).rejects.toThrow(/--key/);
    await expect(runHubSearch(['1.2.3.4'], { hub: net.hub.url, key: 'nope', out: capture().s, err: capture().s })).rejects.toThrow(/invalid API key/);
    if (saved !== undefined) process.env.RENKEI_HUB_KEY = saved;
  });
});

describe('renkei hub management commands', () => {
  it('adds and lists members and users on the hub database', { timeout: 300_000 }, async () => {
    const db = path.join(tmp, 'hub.db');
    const cli = (...args: string[]) => run(process.execPath, ['bin/renkei.js', 'hub', ...args, '--db', db], { cwd: process.cwd() });
    expect((await cli('members', 'add', 'Aoba CSIRT')).stdout).toMatch(/member 1 Aoba CSIRT/);
    const node = net.nodes['Sakura ISAC']!;
    const key = await node.createKey('renkei-hub', 'search');
    expect((await cli('members', 'add', 'Sakura ISAC', '--url', node.url, '--key', key)).stdout).toMatch(/source 1 renkei .* \(ok\)/);
    const list = JSON.parse((await cli('members', 'list', '--json')).stdout) as { members: { name: string; sources: unknown[] }[] };
    expect(list.members.map((m) => m.name)).toEqual(['Aoba CSIRT', 'Sakura ISAC']);
    expect(JSON.stringify(list)).not.toContain(key);
    expect((await cli('users', 'add', 'root', '--org', 'Hub', '--role', 'hub-admin')).stdout).toMatch(/password: \S{10,}/);
    expect((await cli('keys', 'create', 'root')).stdout).toMatch(/^rk_/);
    await expect(cli('members', 'add', 'Bad', '--url', 'http://127.0.0.1:1', '--key', 'k')).rejects.toMatchObject({ code: 2 });
    expect((await cli('members', 'remove', 'Aoba CSIRT')).stdout).toMatch(/removed/);
  });
});

describe('renkei search --hub --blind', () => {
  it('finds the same values as the plain search, marks members blind, and keeps a history copy only its key opens', async () => {
    const key = net.users['Sakura ISAC']!.analyst.key;
    const values = [...world.sample.slice(0, 40), 'never-seen-blind-cli.example'];
    const plainOut = capture();
    const plain = await runHubSearch(values, { hub: net.hub.url, key, json: true, out: plainOut.s, err: capture().s });
    const out = capture();
    const historyKey = path.join(tmp, 'history.key');
    const blind = await runHubSearch(values, { hub: net.hub.url, key, blind: true, historyKey, out: out.s, err: capture().s });
    const hitsOf = (r: typeof plain) => r.results.map((v) => [v.value, v.hits]);
    expect(hitsOf(blind)).toEqual(hitsOf(plain));
    expect(blind.results.some((v) => Object.keys(v.hits).length > 0)).toBe(true);
    expect(out.text()).toMatch(/Sakura ISAC\s+ok\s+\d+ hits {2}blind/);
    const { openBlindHistory } = await import('../../client/blind/hub-blind-search.ts');
    const { loadHistoryKey } = await import('./blind-history-key.ts');
    const stored = await (await fetch(`${net.hub.url}/api/v1/searches/${blind.id}`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(stored.results).toEqual([]);
    expect(openBlindHistory(loadHistoryKey(historyKey), blind.id, stored.blind.sealed).results.map((v) => v.value)).toEqual(blind.results.map((v) => v.value));
  });
});
