/**
 * Isolation on NATS with the configuration `renkei hub nats-config` writes, on a nats-server of the
 * test's own: two member nodes dial out with their own credentials and answer the hub; a member's
 * credentials are refused on the other member's subjects, on the hub's inboxes and for publishing
 * requests as the hub; a member gone or silent shows the same statuses as over HTTP.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, PermissionViolationError, usernamePasswordAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { nodeSubject } from '../../contracts/federation-nats.ts';
import { serveOverNats, type NatsServing } from '../../node/nats/serve-nats.ts';
import { attr, event } from '../../node/test-support.ts';
import { parsePasswordCreds } from '../../services/nats/nats-connect.ts';
import { freePort, startNatsServer, type TestNatsServer } from '../../testkit/nats-server.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';
import { createHub, type Hub } from '../create-hub.ts';
import { writeNatsConfig } from './write-nats-config.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-nats-iso-'));
const MEMBERS = [
  { name: 'Alpha CERT', token: 'alpha', value: 'alpha-only.example.com' },
  { name: 'Beta ISAC', token: 'beta', value: 'beta-only.example.com' },
] as const;
let server: TestNatsServer;
let hub: Hub;
let hubUrl: string;
let analystKey: string;
const nodes: Record<string, TestNode> = {};
const serving: Record<string, NatsServing> = {};
const extra: NatsConnection[] = [];
let credsOf: Record<string, string> = {};

const creds = (token: string) => parsePasswordCreds(readFileSync(credsOf[token]!, 'utf8'))!;
const connectAs = async (token: string, port: string): Promise<NatsConnection> => {
  const c = creds(token);
  const nc = await connect({ servers: `127.0.0.1:${port}`, authenticator: usernamePasswordAuthenticator(c.user, c.password) });
  extra.push(nc);
  return nc;
};

beforeAll(async () => {
  const port = await freePort();
  hub = await createHub({
    db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: null, keyFile: path.join(dir, 'hub.key'),
    nats: { url: `nats://127.0.0.1:${port}`, creds: path.join(dir, 'nats', 'hub.creds') },
    search: { deadlineMs: 1500, retries: 1, backoffMs: 50 },
  }, { ipInfo: null });
  hubUrl = await hub.listen();
  const hubKey = ((await (await fetch(`${hubUrl}/api/v1/federation/hub-key`)).json()) as { publicKey: string }).publicKey;
  for (const m of MEMBERS) {
    const node = await startTestNode({ orgName: m.name });
    nodes[m.token] = node;
    await node.store.saveEvents([event(`${m.name} case`, [attr('domain', m.value)], { tlp: 'green' })], node.ownerOrg.id);
    const k = await node.node.keys.create({ org: 'renkei-hub', role: 'search' });
    await node.node.blind.pinHub(k.info.id, hubKey);
    // As `renkei hub members add --url nats:<token> --no-check` stores it: the NATS server is not up yet.
    await hub.ctx.members.add(m.name, undefined, { input: { kind: 'renkei', url: `nats:${m.token}`, apiKey: k.key, verifyTls: true }, skipCheck: true });
  }
  const written = await writeNatsConfig(hub.ctx.store, { dir: path.join(dir, 'nats'), listen: `127.0.0.1:${port}` });
  credsOf = Object.fromEntries(written.members.map((m) => [m.member, m.creds]));
  server = await startNatsServer(written.configFile, readFileSync(written.configFile, 'utf8'), port);
  for (const m of MEMBERS) serving[m.token] = await serveOverNats(nodes[m.token]!.node.ctx, { url: server.url, creds: credsOf[m.token]!, member: m.token });
  const u = await hub.ctx.auth.createUser({ login: 'alpha-analyst', password: 'correct-horse-battery', orgName: 'Alpha CERT', role: 'analyst' });
  analystKey = (await hub.ctx.auth.createKey(u.id, 'test')).key;
});

afterAll(async () => {
  for (const nc of extra) await nc.close().catch(() => undefined);
  for (const s of Object.values(serving)) await s.close().catch(() => undefined);
  await hub?.close().catch(() => undefined);
  for (const n of Object.values(nodes)) await n.close().catch(() => undefined);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = () => createHubClient({ baseUrl: hubUrl, apiKey: analystKey }).search({ values: MEMBERS.map((m) => m.value) });
const statuses = (r: Awaited<ReturnType<typeof search>>) => Object.fromEntries(r.members.map((m) => [m.name, { status: m.status, hits: m.hits, error: m.error }]));

/** Waits for the first error the server reports on `nc` (permission violations arrive asynchronously). */
async function firstError(nc: NatsConnection, ms = 2000): Promise<unknown> {
  const it = nc.status()[Symbol.asyncIterator]();
  const timer = new Promise<null>((r) => setTimeout(() => r(null), ms));
  for (;;) {
    const s = await Promise.race([it.next(), timer]);
    if (s === null || s.done) return null;
    if (s.value.type === 'error') return s.value.error;
  }
}

describe('NATS isolation from `renkei hub nats-config`', () => {
  it('writes one user per member and the hub, secrets mode 0600', () => {
    const conf = readFileSync(path.join(dir, 'nats', 'nats-server.conf'), 'utf8');
    expect(conf).toContain('subscribe: { allow: ["renkei.v1.node.alpha.>"] }');
    expect(conf).toContain('subscribe: { allow: ["renkei.v1.node.beta.>"] }');
    expect(conf).toContain('publish: { allow: ["renkei.v1.node.*.>", "renkei.v1.hub.bus.>"] }');
    expect(conf.match(/user: /g)).toHaveLength(3);
    for (const f of ['nats-server.conf', 'hub.creds', 'members/alpha.creds', 'members/beta.creds']) expect(statSync(path.join(dir, 'nats', f)).mode & 0o777).toBe(0o600);
  });

  it('the hub reaches both members through their own credentials', async () => {
    const r = await search();
    expect(statuses(r)).toEqual({ 'Alpha CERT': { status: 'ok', hits: 1, error: null }, 'Beta ISAC': { status: 'ok', hits: 1, error: null } });
    expect(r.results.map((row) => [row.value, row.hits])).toEqual([
      ['alpha-only.example.com', { 'Alpha CERT': 1 }],
      ['beta-only.example.com', { 'Beta ISAC': 1 }],
    ]);
  });

  it('carries hit feedback to the owning member on its own feedback subject', async () => {
    const r = await search();
    const index = r.results.findIndex((row) => row.value === 'beta-only.example.com');
    const d = r.results[index]!.details[0]!;
    const res = await fetch(`${hubUrl}/api/v1/searches/${r.id}/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${analystKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ index, member: 'Beta ISAC', attributeUuid: d.attribute.uuid, kind: 'seen', reveal: true }] }),
    });
    expect(await res.json()).toEqual({ results: [{ position: 0, status: 'relayed' }] });
    const beta = nodes.beta!;
    const saved = await beta.store.getEvent((await beta.store.searchAttributes({ attributeUuids: [d.attribute.uuid], limit: 1 }, { orgId: beta.ownerOrg.id, sharingGroupIds: [] })).items[0]!.event.id, { orgId: beta.ownerOrg.id, sharingGroupIds: [] });
    expect(saved!.sightings.map((x) => [x.type, x.source])).toEqual([[0, 'renkei']]);
  });

  it('refuses a member’s credentials on another member’s subjects', async () => {
    const port = new URL(server.url).port;
    const nc = await connectAs('alpha', port);
    const seen: string[] = [];
    nc.subscribe('renkei.v1.node.beta.>', { callback: (e, m) => void (e ? undefined : seen.push(m.subject)) });
    const err = await firstError(nc);
    expect(err).toBeInstanceOf(PermissionViolationError);
    expect((err as PermissionViolationError).subject).toBe('renkei.v1.node.beta.>');
    expect((err as PermissionViolationError).operation).toBe('subscription');
    // And Beta's traffic indeed did not reach it.
    expect(statuses(await search())['Beta ISAC']).toEqual({ status: 'ok', hits: 1, error: null });
    expect(seen).toEqual([]);
  });

  it('refuses a member reading the hub’s inboxes (the other members’ answers)', async () => {
    const nc = await connectAs('beta', new URL(server.url).port);
    const seen: string[] = [];
    nc.subscribe('_INBOX.>', { callback: (e, m) => void (e ? undefined : seen.push(m.subject)) });
    const err = await firstError(nc);
    expect(err).toBeInstanceOf(PermissionViolationError);
    expect((err as PermissionViolationError).subject).toBe('_INBOX.>');
    await search();
    expect(seen).toEqual([]);
  });

  it('refuses a member listening to or signalling on the hub bus', async () => {
    const nc = await connectAs('beta', new URL(server.url).port);
    nc.subscribe('renkei.v1.hub.bus.>', { callback: () => undefined });
    const err = await firstError(nc);
    expect(err).toBeInstanceOf(PermissionViolationError);
    expect([(err as PermissionViolationError).operation, (err as PermissionViolationError).subject]).toEqual(['subscription', 'renkei.v1.hub.bus.>']);
    const nc2 = await connectAs('alpha', new URL(server.url).port);
    nc2.publish('renkei.v1.hub.bus.room-1', 'x');
    const err2 = await firstError(nc2);
    expect([(err2 as PermissionViolationError).operation, (err2 as PermissionViolationError).subject]).toEqual(['publish', 'renkei.v1.hub.bus.room-1']);
  });

  it('refuses a member publishing as the hub (a request to another member)', async () => {
    const nc = await connectAs('alpha', new URL(server.url).port);
    nc.publish(nodeSubject('beta', 'search'), '{}');
    const err = await firstError(nc);
    expect(err).toBeInstanceOf(PermissionViolationError);
    expect((err as PermissionViolationError).operation).toBe('publish');
    expect((err as PermissionViolationError).subject).toBe('renkei.v1.node.beta.search');
  });

  it('refuses a node serving another member’s subjects with its own credentials', async () => {
    // The node does not start serving nothing: it fails, saying why.
    await expect(serveOverNats(nodes.alpha!.node.ctx, { url: server.url, creds: credsOf.alpha!, member: 'beta' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'NATS refused the subscription to renkei.v1.node.beta.> (are these credentials for member beta?)',
    });
    // Beta is still served by its own node only.
    expect(statuses(await search())['Beta ISAC']).toEqual({ status: 'ok', hits: 1, error: null });
  });

  it('refuses a wrong password', async () => {
    const c = creds('alpha');
    await expect(connect({ servers: server.url, authenticator: usernamePasswordAuthenticator(c.user, `${c.password}x`), maxReconnectAttempts: 0 })).rejects.toThrow(/Authorization Violation/i);
  });

  it('serves through a `renkei node --nats --nats-creds` process, a replica in the same queue group', async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/renkei.js');
    // A second replica of Beta's node on the same store, dialling out with Beta's credentials (member from the file).
    const child = spawn(process.execPath, [bin, 'node', '--db', nodes.beta!.dbFile!, '--port', '0', '--nats', server.url, '--nats-creds', credsOf.beta!, '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`node did not start: ${err}`)), 60_000);
        child.stderr!.on('data', (c: Buffer) => {
          err += c.toString();
          if (err.includes('serving renkei.v1.node.beta.> over NATS')) (clearTimeout(timer), resolve());
        });
        void exited.then(() => (clearTimeout(timer), reject(new Error(`node exited: ${err}`))));
      });
      // Both replicas up: every request is answered once (one hit, not two).
      for (let i = 0; i < 3; i++) expect(statuses(await search())['Beta ISAC']).toEqual({ status: 'ok', hits: 1, error: null });
      // The in-process replica stops: the process alone answers.
      await serving.beta!.close();
      expect(statuses(await search())['Beta ISAC']).toEqual({ status: 'ok', hits: 1, error: null });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('shows a silent member as timeout and a gone one as unreachable, as over HTTP', async () => {
    // Beta's replicas are gone; a process with Beta's credentials subscribes and never answers.
    const silent = await connectAs('beta', new URL(server.url).port);
    silent.subscribe('renkei.v1.node.beta.>', { queue: 'renkei-node', callback: () => undefined });
    await silent.flush();
    expect(statuses(await search())['Beta ISAC']).toEqual({ status: 'timeout', hits: 0, error: 'timeout: no answer before the deadline' });
    await silent.close();
    expect(statuses(await search())['Beta ISAC']).toEqual({ status: 'error', hits: 0, error: 'unreachable (no node is serving renkei.v1.node.beta.search on NATS) (after 2 attempts)' });
    expect(statuses(await search())['Alpha CERT']).toEqual({ status: 'ok', hits: 1, error: null });
  });
});
