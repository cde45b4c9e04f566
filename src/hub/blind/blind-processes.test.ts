/**
 * §4 proof with real processes and their logs: two `renkei node` processes (log level info) and a
 * `renkei hub serve` process (request logging on); a blind search with canary values through them.
 * Afterwards the canaries are in no process's stdout/stderr and in no database file, while the hit is in
 * its owner's hit log and in the searcher's result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBlindHubSearch } from '../../client/blind/hub-blind-search.ts';
import { MATCH_KINDS } from '../../contracts/match-kinds.ts';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { createVoprf } from '../../core/blind/voprf.ts';
import { parseNodeConfig } from '../../node/config.ts';
import { createNode } from '../../node/create-node.ts';
import { attr, event } from '../../node/test-support.ts';
import { openStore } from '../../storage/open-store.ts';
import { createHub } from '../create-hub.ts';
import { hubSigner } from './hub-signer.ts';

const BIN = path.resolve(process.cwd(), 'bin/renkei.js');
const CANARIES = ['canary-z9x8c7.process-proof.example', '198.18.91.91', 'd'.repeat(64)];

interface Proc {
  child: ChildProcess;
  url: string;
  out: () => string;
}

async function start(args: string[], env: Record<string, string>): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${out}`)), 120_000);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, url, out: () => out };
}

const stop = (p: Proc) => new Promise<void>((r) => (p.child.exitCode !== null ? r() : (p.child.once('exit', () => r()), p.child.kill('SIGTERM'))));

describe('blind search through real node and hub processes', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-blind-proc-'));
  const procs: Proc[] = [];
  afterAll(async () => {
    for (const p of procs) await stop(p);
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no canary in any log or database, and the hit reaches its owner and the searcher', async () => {
    const hubDb = path.join(dir, 'hub.db');
    // The hub's signing key exists once the hub database does.
    let hub = await createHub({ db: hubDb, host: '127.0.0.1', port: 0, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
    const seed = (await hub.ctx.store.getSetting('assertion-signing-key'))!;
    const hubKey = hubSigner(Uint8Array.from(Buffer.from(seed, 'hex'))).publicKeyText;
    await hub.close();

    const members = [
      { name: 'Kaede', data: [attr('domain', 'hit-target.process-proof.com')] },
      { name: 'Momiji', data: [attr('ip-dst', '45.61.0.1')] },
    ];
    const searchKeys: string[] = [];
    for (const [i, m] of members.entries()) {
      const file = path.join(dir, `node-${i}.db`);
      const opened = await openStore(file);
      const node = await createNode(parseNodeConfig({ db: file, host: '127.0.0.1', port: 0, logLevel: 'silent' }), { opened });
      const owner = await opened.store.ensureOrg({ name: m.name });
      await opened.store.saveEvents([event(`${m.name} intel`, m.data, { tlp: 'green' })], owner.id);
      const k = await node.keys.create({ org: 'renkei-hub', role: 'search' });
      await node.blind.pinHub(k.info.id, hubKey);
      searchKeys.push(k.key);
      await node.close();
      await opened.close();
      procs.push(await start(['node', '--db', file, '--port', '0', '--log-level', 'info'], {}));
    }
    hub = await createHub({ db: hubDb, host: '127.0.0.1', port: 0, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
    for (const [i, m] of members.entries()) {
      const added = await hub.ctx.members.add(m.name);
      await hub.ctx.members.addSource(added.id, { kind: 'renkei', url: procs[i]!.url, apiKey: searchKeys[i]!, verifyTls: true });
    }
    const u = await hub.ctx.auth.createUser({ login: 'momiji-analyst', password: 'correct-horse-battery', orgName: 'Momiji', role: 'analyst' });
    const apiKey = (await hub.ctx.auth.createKey(u.id, 'test')).key;
    await hub.close();
    const hubProc = await start(['hub', 'serve', '--db', hubDb, '--host', '127.0.0.1', '--port', '0'], { RENKEI_HUB_LOG: 'true', RENKEI_HUB_ENRICH: 'false', RENKEI_HUB_WEB_DIR: '/nonexistent' });
    procs.push(hubProc);

    const voprf = createVoprf(await loadSodiumGroup());
    const r = await runBlindHubSearch(voprf, [...CANARIES, 'www.hit-target.process-proof.com'], { baseUrl: hubProc.url, apiKey, kinds: MATCH_KINDS });
    expect(r.members.map((m) => [m.name, m.status])).toEqual([['Kaede', 'ok'], ['Momiji', 'ok']]);
    expect(r.results.filter((v) => Object.keys(v.hits).length > 0).map((v) => [v.value, v.hits])).toEqual([['www.hit-target.process-proof.com', { Kaede: 1 }]]);
    const hits = await (await fetch(`${procs[0]!.url}/federation/v1/hits?limit=100`, { headers: { authorization: searchKeys[0]! } })).json();
    expect(hits.hits.map((h: { searcherOrg: string; value: string }) => [h.searcherOrg, h.value])).toEqual([['Momiji', 'hit-target.process-proof.com']]);

    for (const p of procs) await stop(p);
    const logs = procs.map((p) => p.out()).join('\n');
    // Logging was really on: every process logged the blind requests it served.
    expect(logs).toContain('/api/v1/blind/searches');
    expect(logs).toContain('/federation/v1/blind/evaluate');
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
    for (const c of CANARIES) {
      expect(logs).not.toContain(c);
      expect(files).not.toContain(c);
    }
    expect(files).toContain('hit-target.process-proof.com');
  });
});
