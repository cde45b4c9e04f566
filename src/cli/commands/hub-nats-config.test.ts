/** `renkei hub nats-config` as an operator runs it: real processes on a temp hub database, config checked by nats-server. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve(process.cwd(), 'bin/renkei.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-nats-config-'));
const db = path.join(dir, 'hub.db');
const out = path.join(dir, 'nats');
const env = { ...process.env, RENKEI_HUB_KEY_FILE: path.join(dir, 'hub.key') };
const renkei = async (args: string[]) => (await run(process.execPath, [BIN, ...args], { env })).stdout;

describe('renkei hub nats-config', { timeout: 240_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a config nats-server accepts, one user per NATS member, and keeps passwords on a rerun', async () => {
    await renkei(['hub', 'members', 'add', 'Sakura ISAC', '--db', db, '--url', 'nats:sakura', '--key', 'k'.repeat(40), '--no-check']);
    await renkei(['hub', 'members', 'add', 'Web Member', '--db', db, '--url', 'https://node.example.org', '--key', 'w'.repeat(40), '--no-check']);
    const printed = await renkei(['hub', 'nats-config', '--db', db, '--out', out, '--listen', '127.0.0.1:14999']);
    expect(printed).toContain(`member sakura: renkei node --nats nats://127.0.0.1:14999 --nats-creds ${path.join(out, 'members', 'sakura.creds')}`);
    expect(printed).not.toContain('Web Member');
    const conf = readFileSync(path.join(out, 'nats-server.conf'), 'utf8');
    expect(conf.match(/\{ user: "([^"]+)"/g)).toEqual(['{ user: "renkei-hub"', '{ user: "sakura"']);
    const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
    await run(bin, ['-c', path.join(out, 'nats-server.conf'), '-t']);
    const creds = readFileSync(path.join(out, 'members', 'sakura.creds'), 'utf8');
    expect(creds).toMatch(/^user: sakura$/m);
    await renkei(['hub', 'members', 'add', 'Tsubaki Telecom', '--db', db, '--url', 'nats:tsubaki', '--key', 't'.repeat(40), '--no-check']);
    await renkei(['hub', 'nats-config', '--db', db, '--out', out, '--listen', '127.0.0.1:14999']);
    expect(readFileSync(path.join(out, 'members', 'sakura.creds'), 'utf8')).toBe(creds);
    expect(readFileSync(path.join(out, 'nats-server.conf'), 'utf8').match(/\{ user: "([^"]+)"/g)).toEqual(['{ user: "renkei-hub"', '{ user: "sakura"', '{ user: "tsubaki"']);
  });

  it('with --jetstream-dir also writes an agent user per member, kept on a rerun', async () => {
    const jsOut = path.join(dir, 'nats-js');
    const args = ['hub', 'nats-config', '--db', db, '--out', jsOut, '--listen', '127.0.0.1:14999', '--jetstream-dir', path.join(dir, 'js')];
    const printed = await renkei(args);
    expect(printed).toContain(`agents of sakura (statistics over JetStream): ${path.join(jsOut, 'agents', 'sakura.creds')}`);
    const conf = readFileSync(path.join(jsOut, 'nats-server.conf'), 'utf8');
    expect(conf.match(/\{ user: "([^"]+)"/g)).toEqual(['{ user: "renkei-hub"', '{ user: "sakura"', '{ user: "tsubaki"', '{ user: "sakura.agent"', '{ user: "tsubaki.agent"']);
    const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
    await run(bin, ['-c', path.join(jsOut, 'nats-server.conf'), '-t']);
    const creds = readFileSync(path.join(jsOut, 'agents', 'tsubaki.creds'), 'utf8');
    expect(creds.split('\n').slice(1).map((l) => l.replace(/^password: .+$/, 'password: …'))).toEqual(['user: tsubaki.agent', 'password: …', 'inbox_prefix: _RENKEI_AGENT.tsubaki', 'stats_subject: renkei.v1.stats.ingest.tsubaki', '']);
    await renkei(args);
    expect(readFileSync(path.join(jsOut, 'agents', 'tsubaki.creds'), 'utf8')).toBe(creds);
  });
});
