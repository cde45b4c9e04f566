/** `renkei blind` as a node admin runs it: real processes on a temp SQLite file. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../storage/open-store.ts';
import { blindStoreFor } from '../../storage/blind/open-blind-store.ts';

const run = promisify(execFile);
const BIN = path.resolve(process.cwd(), 'bin/renkei.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-blindcli-'));
const db = path.join(dir, 'node.sqlite');

async function renkei(args: string[]) {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, RENKEI_DB: db } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('renkei blind', { timeout: 240_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pins the hub key for a search key only, sets require-blind, and builds token sets', async () => {
    const search = JSON.parse((await renkei(['keys', 'create', '--org', 'renkei-hub', '--role', 'search', '--json'])).stdout) as { id: number };
    const reader = JSON.parse((await renkei(['keys', 'create', '--org', 'Owner', '--role', 'reader', '--json'])).stdout) as { id: number };
    const pk = 'A'.repeat(42) + 'E';
    expect((await renkei(['blind', 'pin-hub', '--key-id', String(search.id), '--hub-key', pk])).code).toBe(0);
    const wrong = await renkei(['blind', 'pin-hub', '--key-id', String(reader.id), '--hub-key', pk]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/no active search key/);
    expect((await renkei(['blind', 'require', 'on'])).stdout).toMatch(/require blind: on/);
    const refreshed = await renkei(['blind', 'refresh']);
    expect(refreshed.stdout).toMatch(/^epoch \d+: 0 audiences, 0 new evaluations/);
    const opened = await openStore(db);
    try {
      const s = blindStoreFor(opened);
      expect((await s.hubPin(search.id))?.publicKey).toBe(pk);
      expect(await s.hubPin(reader.id)).toBeNull();
      expect(await s.getSetting('require-blind')).toBe('true');
    } finally {
      await opened.close();
    }
  });
});
