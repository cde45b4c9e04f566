/** `renkei keys` and `renkei node` as users run them: real processes on a temp SQLite file. */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve(process.cwd(), 'bin/renkei.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-keys-'));
const db = path.join(dir, 'node.sqlite');

async function renkei(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

// Each case spawns the CLI (tsx compiles on start), which is slow on a busy 2-core machine.
describe('renkei keys', { timeout: 240_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key, prints it once, stores only its hash, lists and revokes it', async () => {
    const created = await renkei(['keys', 'create', '--org', 'Acme CSIRT', '--role', 'publisher', '--db', db]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(created.stderr).toMatch(/shown only now/);

    const json = await renkei(['keys', 'create', '--org', 'Hub', '--role', 'search', '--json'], { RENKEI_DB: db });
    expect(JSON.parse(json.stdout)).toMatchObject({ org: 'Hub', role: 'search' });

    const conn = new Database(db, { readonly: true });
    const rows = conn.prepare('SELECT key_hash FROM node_api_keys').all() as { key_hash: string }[];
    conn.close();
    expect(rows.map((r) => r.key_hash)).toContain(createHash('sha256').update(key).digest('hex'));
    const list = await renkei(['keys', 'list', '--db', db]);
    expect(list.stdout).toMatch(/Acme CSIRT\s+publisher\s+…/);
    expect(list.stdout).not.toContain(key);
    const listed = JSON.parse((await renkei(['keys', 'list', '--db', db, '--json'])).stdout) as { id: number; orgName: string; revokedAt: number | null }[];
    const id = listed.find((k) => k.orgName === 'Acme CSIRT')!.id;

    expect((await renkei(['keys', 'revoke', String(id), '--db', db])).code).toBe(0);
    const after = JSON.parse((await renkei(['keys', 'list', '--db', db, '--json'])).stdout) as { id: number; revokedAt: number | null }[];
    expect(after.find((k) => k.id === id)!.revokedAt).not.toBeNull();
    const again = await renkei(['keys', 'revoke', String(id), '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no active key/);
  });

  it('rejects bad roles and ids with a usage error', async () => {
    expect((await renkei(['keys', 'create', '--org', 'X', '--role', 'root', '--db', db])).code).toBe(2);
    expect((await renkei(['keys', 'revoke', 'abc', '--db', db])).code).toBe(2);
  });

  it('runs `renkei node`, serves a key created by the CLI, and shuts down gracefully on SIGTERM', async () => {
    const key = (await renkei(['keys', 'create', '--org', 'Acme CSIRT', '--role', 'reader', '--db', db])).stdout.trim();
    const child = spawn(process.execPath, [BIN, 'node', '--db', db, '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stderr.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /listening on (\S+)/.exec(buf);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`node exited early: ${buf}`)));
    });
    const me = await fetch(`${url}/users/view/me`, { headers: { authorization: key } });
    expect(((await me.json()) as any).Organisation.name).toBe('Acme CSIRT');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start with invalid settings, naming them', async () => {
    const r = await renkei(['node', '--db', db, '--port', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid node configuration: port/);
  });
});
