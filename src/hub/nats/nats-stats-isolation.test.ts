/**
 * Statistics over JetStream under the isolation `renkei hub nats-config --jetstream-dir` writes, on a
 * nats-server of the test's own: each member's agent publishes batches to its own stats subject and the
 * hub's consumer ingests them exactly once, attributed to the batch's API key; an agent's credentials
 * cannot publish to another member's subject, read or consume the stream, call the JetStream API, read
 * the hub's inboxes, or touch node subjects and the hub bus.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { PermissionViolationError, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSubject } from '../../contracts/federation-nats.ts';
import { STATS_CONSUMER, STATS_STREAM, statsSubjectOf } from '../../contracts/stats-nats.ts';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import { natsConnect, parsePasswordCreds } from '../../services/nats/nats-connect.ts';
import { publishStatsBatch } from '../../services/nats/publish-stats.ts';
import { freePort, startNatsServer, type TestNatsServer } from '../../testkit/nats-server.ts';
import { createHub, type Hub } from '../create-hub.ts';
import { batch, row, sources } from '../stats/test-batches.ts';
import { startHubStatsConsumer } from '../stats-jetstream/start-hub-stats-consumer.ts';
import type { StatsConsumer } from '../stats-jetstream/stats-consumer.ts';
import { writeNatsConfig } from './write-nats-config.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-nats-stats-iso-'));
const MEMBERS = { alpha: 'Alpha CERT', beta: 'Beta ISAC' } as const;
type Token = keyof typeof MEMBERS;
let server: TestNatsServer;
let hub: Hub;
let hubUrl: string;
let consumer: StatsConsumer;
let agentCreds: Record<string, string> = {};
const keys = {} as Record<Token, string>;
const opened: NatsConnection[] = [];
const hour0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 5 * 3600_000;
const FROM = Math.floor(hour0 / 1000) - 3600;
const TO = Math.floor(Date.now() / 1000) + 3600;

/** A connection with `member`'s agent credentials, as an agent opens it (inbox prefix from the file). */
async function agent(member: Token): Promise<NatsConnection> {
  const nc = await natsConnect(server.url, { credsFile: agentCreds[member]!, name: `agent-${member}` });
  opened.push(nc);
  return nc;
}

/** Waits for the first error the server reports on `nc` (permission violations arrive asynchronously). */
async function firstError(nc: NatsConnection, ms = 10_000): Promise<PermissionViolationError | null> {
  const it = nc.status()[Symbol.asyncIterator]();
  const timer = new Promise<null>((r) => setTimeout(() => r(null), ms));
  for (;;) {
    const s = await Promise.race([it.next(), timer]);
    if (s === null || s.done) return null;
    if (s.value.type === 'error') return s.value.error as PermissionViolationError;
  }
}
const violation = (e: PermissionViolationError | null) => (e instanceof PermissionViolationError ? [e.operation, e.subject] : e);

/** Waits until the hub has acknowledged everything in the stream. */
async function drained(): Promise<void> {
  const jsm = await jetstreamManager(await hub.ctx.nats.connection());
  let state = '';
  for (let i = 0; i < 300; i++) {
    const s = await jsm.streams.info(STATS_STREAM);
    const c = await jsm.consumers.info(STATS_STREAM, STATS_CONSUMER);
    if (s.state.messages === 0 && c.num_ack_pending === 0 && c.num_pending === 0) return;
    state = `${s.state.messages} messages, ${c.num_pending} pending, ${c.num_ack_pending} unacknowledged, ${c.num_redelivered} redelivered`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the hub did not drain the stats stream: ${state}; server log: ${server.log().slice(-2000)}`);
}

/** A member's own figures by port (what `mine=1` shows it). */
async function portsOf(member: Token): Promise<unknown> {
  const r = await fetch(`${hubUrl}/api/v1/stats/top?dimension=port&period=hour&mine=1&limit=100&from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${keys[member]}` } });
  expect(r.status).toBe(200);
  const body = (await r.json()) as { buckets: { items: { key: string; events: number }[] }[] };
  return body.buckets.flatMap((b) => b.items.map((x) => [x.key, x.events]));
}

beforeAll(async () => {
  const port = await freePort();
  hub = await createHub({
    db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: null, keyFile: path.join(dir, 'hub.key'),
    nats: { url: `nats://127.0.0.1:${port}`, creds: path.join(dir, 'nats', 'hub.creds'), statsAckWaitMs: 2000 },
    enrichment: { enabled: false, rangeDirs: [] },
  }, { ipInfo: null });
  hubUrl = await hub.listen();
  for (const [token, name] of Object.entries(MEMBERS) as [Token, string][]) {
    await hub.ctx.members.add(name, undefined, { input: { kind: 'renkei', url: `nats:${token}`, apiKey: `node-key-${token}`, verifyTls: true }, skipCheck: true });
    const u = await hub.ctx.auth.createUser({ login: `agent-${token}`, password: null, orgName: name, role: 'analyst' });
    keys[token] = (await hub.ctx.auth.createKey(u.id, 'agent')).key;
  }
  const written = await writeNatsConfig(hub.ctx.store, { dir: path.join(dir, 'nats'), listen: `127.0.0.1:${port}`, jetstreamDir: path.join(dir, 'js') });
  agentCreds = Object.fromEntries(written.agents.map((a) => [a.member, a.creds]));
  server = await startNatsServer(written.configFile, readFileSync(written.configFile, 'utf8'), port);
  consumer = await startHubStatsConsumer(hub.ctx);
}, 60_000);

afterAll(async () => {
  for (const nc of opened) await nc.close().catch(() => undefined);
  await consumer?.stop();
  await hub?.close().catch(() => undefined);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const batchOf = (port: number, events: number, member = 'ignored'): AggregateBatch => batch(hour0, `sensor-${port}`, [row({ events, port, sources: sources(`p${port}-`, 4) })], member);

describe('statistics over JetStream under `renkei hub nats-config` isolation', { timeout: 60_000 }, () => {
  it('writes one agent user per member (its own stats subject and inbox only) and JetStream', () => {
    const conf = readFileSync(path.join(dir, 'nats', 'nats-server.conf'), 'utf8');
    expect(conf).toContain(`jetstream { store_dir: ${JSON.stringify(path.join(dir, 'js'))} }`);
    expect(conf).toContain('{ user: "alpha.agent", password: ');
    expect(conf).toContain('permissions: { publish: { allow: ["renkei.v1.stats.ingest.alpha"] }, subscribe: { allow: ["_RENKEI_AGENT.alpha.>"] } } }');
    expect(conf).toContain('permissions: { publish: { allow: ["renkei.v1.stats.ingest.beta"] }, subscribe: { allow: ["_RENKEI_AGENT.beta.>"] } } }');
    expect(conf).toContain(
      'publish: { allow: ["renkei.v1.node.*.>", "renkei.v1.hub.bus.>", "$JS.API.INFO", "$JS.API.STREAM.INFO.RENKEI_STATS", "$JS.API.STREAM.CREATE.RENKEI_STATS", "$JS.API.STREAM.UPDATE.RENKEI_STATS", "$JS.API.CONSUMER.*.RENKEI_STATS.>", "$JS.API.CONSUMER.*.*.RENKEI_STATS.>", "$JS.ACK.RENKEI_STATS.>"] }',
    );
    expect(conf.match(/user: /g)).toHaveLength(5);
    const c = parsePasswordCreds(readFileSync(agentCreds.alpha!, 'utf8'));
    expect([c?.user, c?.inboxPrefix, c?.statsSubject]).toEqual(['alpha.agent', '_RENKEI_AGENT.alpha', 'renkei.v1.stats.ingest.alpha']);
    expect(statSync(agentCreds.alpha!).mode & 0o777).toBe(0o600);
  });

  it('ingests an agent’s batch exactly once, for the member of its API key', async () => {
    const a = await agent('alpha');
    const b = await agent('beta');
    const first = batchOf(22, 7);
    const sent = await publishStatsBatch(a, JSON.stringify(first), first.batchId, keys.alpha, statsSubjectOf('alpha'));
    // The agent's retry after a lost acknowledgement: the stream drops it.
    expect(await publishStatsBatch(a, JSON.stringify(first), first.batchId, keys.alpha, statsSubjectOf('alpha'))).toEqual({ seq: sent.seq, duplicate: true });
    // A batch naming another member in its body still counts for the key's member.
    const claimed = batchOf(3389, 4, MEMBERS.beta);
    await publishStatsBatch(a, JSON.stringify(claimed), claimed.batchId, keys.alpha, statsSubjectOf('alpha'));
    // A batch without a valid key counts for nobody.
    const keyless = batchOf(8080, 9);
    await publishStatsBatch(a, JSON.stringify(keyless), keyless.batchId, 'not-a-key', statsSubjectOf('alpha'));
    const second = batchOf(445, 5);
    await publishStatsBatch(b, JSON.stringify(second), second.batchId, keys.beta, statsSubjectOf('beta'));
    await drained();
    expect(await portsOf('alpha')).toEqual([['22', 7], ['3389', 4]]);
    expect(await portsOf('beta')).toEqual([['445', 5]]);
  });

  it('refuses an agent publishing to another member’s stats subject', async () => {
    const a = await agent('alpha');
    a.publish(statsSubjectOf('beta'), '{}');
    expect(violation(await firstError(a))).toEqual(['publish', 'renkei.v1.stats.ingest.beta']);
  });

  it('refuses an agent reading batches as they are published or from the hub’s inboxes', async () => {
    for (const subject of ['renkei.v1.stats.ingest.>', 'renkei.v1.stats.ingest.beta', '_INBOX.>', '_RENKEI_AGENT.beta.>']) {
      const a = await agent('alpha');
      a.subscribe(subject, { callback: () => undefined });
      expect(violation(await firstError(a))).toEqual(['subscription', subject]);
    }
  });

  it('refuses an agent the JetStream API: no stream reads, no consumer, no pulls from the hub’s', async () => {
    for (const subject of ['$JS.API.INFO', `$JS.API.STREAM.MSG.GET.${STATS_STREAM}`, `$JS.API.CONSUMER.CREATE.${STATS_STREAM}.spy`, `$JS.API.CONSUMER.MSG.NEXT.${STATS_STREAM}.${STATS_CONSUMER}`, `$JS.API.STREAM.DELETE.${STATS_STREAM}`, `$JS.ACK.${STATS_STREAM}.${STATS_CONSUMER}.1.1.1.1.0`]) {
      const a = await agent('beta');
      a.publish(subject, '{}', { reply: '_RENKEI_AGENT.beta.x' });
      expect(violation(await firstError(a))).toEqual(['publish', subject]);
    }
    // Through the client library as a spy would: refused, and the stream is untouched.
    await expect(jetstreamManager(await agent('beta'))).rejects.toThrow('Permissions Violation for Publish to "$JS.API.INFO"');
    const jsm = await jetstreamManager(await hub.ctx.nats.connection());
    await expect(jsm.consumers.info(STATS_STREAM, 'spy')).rejects.toThrow(/consumer not found/);
  });

  it('refuses an agent on node subjects and the hub bus', async () => {
    for (const [op, subject] of [['publish', nodeSubject('alpha', 'search')], ['publish', 'renkei.v1.hub.bus.room-1'], ['subscription', 'renkei.v1.node.alpha.>'], ['subscription', 'renkei.v1.hub.bus.>']] as const) {
      const a = await agent('alpha');
      if (op === 'publish') a.publish(subject, '{}');
      else a.subscribe(subject, { callback: () => undefined });
      expect(violation(await firstError(a))).toEqual([op, subject]);
    }
  });
});
