import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const DATA = path.resolve(ROOT, '../shared/data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-cli-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function renkei(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin/renkei.js'), ...args], { cwd: tmp, env: { ...process.env, RENKEI_ORG: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('renkei import / export', () => {
  const db = path.join(tmp, 'node.sqlite');

  it('exit 0 when everything imports, with a JSON summary', async () => {
    const r = await renkei(['import', path.join(DATA, 'iocs/abusech-feodo/ipblocklist.csv'), '--db', db, '--org', 'CLI Org', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { imported: number; rejected: number; events: { created: number } };
    expect(s).toMatchObject({ imported: 28, rejected: 0, events: { created: 1 } });
    const again = await renkei(['import', path.join(DATA, 'iocs/abusech-feodo/ipblocklist.csv'), '--db', db, '--org', 'CLI Org', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, duplicates: 28 });
  }, 120_000);

  it('exit 1 when some records are rejected; each rejection names file, line and reason', async () => {
    const file = path.join(tmp, 'mixed.txt');
    writeFileSync(file, 'evil[.]example\nnot an indicator\n198.51.100.7\n');
    const r = await renkei(['import', file, '--db', db, '--format', 'text']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/attributes imported 2/);
    expect(r.stdout).toContain(`rejected ${file}:2:`);
  }, 120_000);

  it('exit 2 on usage errors and when nothing can be read', async () => {
    expect((await renkei(['import', path.join(tmp, 'missing.txt'), '--db', db])).code).toBe(2);
    expect((await renkei(['import', path.join(tmp, 'mixed.txt'), '--db', db, '--format', 'xml'])).code).toBe(2);
    const bad = await renkei(['import', path.join(tmp, 'mixed.txt'), '--db', db, '--format', 'csv', '--columns', 'value=nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no column named "nope"/);
    expect((await renkei(['import', '--db', db])).code).toBe(2);
  }, 120_000);

  it('exports STIX that validates against the OASIS schemas, and a text list', async () => {
    const out = path.join(tmp, 'out.stix.json');
    const r = await renkei(['export', '--db', db, '--org', 'CLI Org', '--format', 'stix', '--stix-schemas', path.join(DATA, 'stix/oasis-cti-stix2-json-schemas/schemas'), out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ invalid: [] });
    expect((JSON.parse(readFileSync(out, 'utf8')) as { objects: unknown[] }).objects.length).toBeGreaterThan(28);
    const txt = await renkei(['export', '--db', db, '--org', 'CLI Org', '--format', 'text', '-']);
    expect(txt.code).toBe(0);
    expect(txt.stdout.split('\n')).toContain('192.9.135.73|1194');
    expect((await renkei(['export', '--db', db, '--format', 'text', '--tlp', 'purple', '-'])).code).toBe(2);
  }, 120_000);
});
