/**
 * Statistics over JetStream count each batch exactly once: a publishing agent and the hub's consumer, each
 * a real process, are SIGKILLed at random points and restarted (the agent resends from the start, the hub
 * resumes its durable consumer); afterwards the hub's figures equal one clean run of the same batches
 * through `POST /api/v1/stats/ingest`. Real NATS (the machine's JetStream server), real SQLite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateBatch } from '../../core/stats/aggregate-batch.ts';
import { killHub, spawnHub, type HubProcess } from '../../testkit/hub-process.ts';
import { testNatsUrl } from '../../testkit/network.ts';
import { createHub } from '../create-hub.ts';
import { createHubContext } from '../create-hub-context.ts';
import { HubConfig } from '../config.ts';
import { batch, row, sources } from '../stats/test-batches.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-stats-js-'));
const tag = Math.random().toString(36).slice(2, 8);
const STREAM = `RENKEI_STATS_TEST_${tag}`;
const SUBJECT = `renkei.test.${tag}.stats`;
const PUBLISHER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../testkit/stats-publisher.ts');
const hour0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 30 * 3600_000;
const BATCHES: AggregateBatch[] = Array.from({ length: 60 }, (_, i) =>
  batch(hour0 + (i % 24) * 3600_000, `sensor-${i % 3}`, [
    row({ events: 10 + i, port: 22 + (i % 5), sources: sources(`s${i % 7}-`, 4), signature: `SIG ${i % 4}` }),
    row({ events: 3 * i + 1, port: 445, sources: sources(`t${i % 5}-`, 5), country: i % 2 ? 'CN' : 'RU', asn: 4134 + (i % 3) }),
  ]),
);
const batchFile = path.join(dir, 'batches.json');
// One read window for both runs (the answer echoes it).
const FROM = Math.floor(hour0 / 1000) - 3600;
const TO = Math.floor(Date.now() / 1000) + 3600;
let nc: NatsConnection;

/** A hub database with one member and its agent key; returns the key. */
async function prepareHub(db: string): Promise<string> {
  const ctx = await createHubContext(HubConfig.parse({ db, keyFile: `${db}.key`, webDir: null, enrichment: { enabled: false, rangeDirs: [] } }));
  try {
    const u = await ctx.auth.createUser({ login: 'agent', password: null, orgName: 'Sakura ISAC', role: 'analyst' });
    return (await ctx.auth.createKey(u.id, 'agent')).key;
  } finally {
    await ctx.close();
  }
}

/** The member's own figures per dimension, read through the API. */
async function figures(db: string): Promise<unknown> {
  const hub = await createHub({ db, keyFile: `${db}.key`, port: 0, host: '127.0.0.1', webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
  try {
    const url = await hub.listen();
    const ctx = hub.ctx;
    const u = await ctx.auth.createUser({ login: `reader-${Math.random()}`, password: null, orgName: 'Sakura ISAC', role: 'analyst' });
    const key = (await ctx.auth.createKey(u.id, 'r')).key;
    const out: Record<string, unknown> = {};
    for (const d of ['port', 'signature', 'country', 'asn']) {
      const r = await fetch(`${url}/api/v1/stats/top?dimension=${d}&period=hour&mine=1&limit=1000&from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${key}` } });
      expect(r.status).toBe(200);
      out[d] = await r.json();
    }
    return out;
  } finally {
    await hub.close();
  }
}

beforeAll(async () => {
  writeFileSync(batchFile, JSON.stringify(BATCHES));
  nc = await connect({ servers: testNatsUrl() });
});
afterAll(async () => {
  await (await jetstreamManager(nc)).streams.delete(STREAM).catch(() => undefined);
  await nc.close();
  rmSync(dir, { recursive: true, force: true });
});

function startPublisher(key: string): { child: ChildProcess; published: () => number; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', PUBLISHER, batchFile, testNatsUrl(), SUBJECT, key], { stdio: ['ignore', 'pipe', 'inherit'] });
  let n = 0;
  child.stdout!.on('data', (d: Buffer) => {
    const all = [...d.toString().matchAll(/published (\d+)/g)];
    if (all.length) n = Number(all.at(-1)![1]);
  });
  return { child, published: () => n, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('statistics over JetStream', { timeout: 180_000 }, () => {
  it('count each batch once through SIGKILLs of the agent and the hub consumer, as one clean run', async () => {
    // The clean run: every batch once over HTTP.
    const cleanDb = path.join(dir, 'clean.db');
    const cleanKey = await prepareHub(cleanDb);
    const clean = await createHub({ db: cleanDb, keyFile: `${cleanDb}.key`, port: 0, host: '127.0.0.1', webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
    const cleanUrl = await clean.listen();
    for (const b of BATCHES) {
      const r = await fetch(`${cleanUrl}/api/v1/stats/ingest`, { method: 'POST', headers: { authorization: `Bearer ${cleanKey}`, 'content-type': 'application/json' }, body: JSON.stringify(b) });
      expect(r.status).toBe(200);
    }
    await clean.close();

    const db = path.join(dir, 'hub.db');
    const key = await prepareHub(db);
    const env = { RENKEI_HUB_DB: db, RENKEI_HUB_KEY_FILE: `${db}.key`, RENKEI_HUB_NATS_URL: testNatsUrl(), RENKEI_HUB_NATS_STATS: '1', RENKEI_HUB_NATS_STATS_STREAM: STREAM, RENKEI_HUB_NATS_STATS_SUBJECT: SUBJECT, RENKEI_HUB_NATS_STATS_ACK_WAIT_MS: '1500' };
    let hub: HubProcess = await spawnHub(env);
    const kills = { agent: 0, hub: 0 };
    // Random kills, alternating agent and hub, while both make progress.
    for (let round = 0; round < 3; round++) {
      const pub = startPublisher(key);
      await sleep(400 + Math.floor(Math.random() * 900));
      pub.child.kill('SIGKILL');
      await pub.exited;
      kills.agent++;
      await killHub(hub);
      kills.hub++;
      hub = await spawnHub(env);
    }
    // The agent finally gets through (resending from the start); the hub drains the stream.
    const last = startPublisher(key);
    expect(await last.exited).toBe(0);
    expect(last.published()).toBe(BATCHES.length);
    const jsm = await jetstreamManager(nc);
    for (let i = 0; i < 200; i++) {
      const s = await jsm.streams.info(STREAM);
      const c = await jsm.consumers.info(STREAM, 'renkei-hub-ingest');
      if (s.state.messages === 0 && c.num_ack_pending === 0) break;
      await sleep(100);
    }
    expect((await jsm.streams.info(STREAM)).state.messages).toBe(0);
    hub.child.kill('SIGTERM');
    await hub.exited;
    expect(kills).toEqual({ agent: 3, hub: 3 });
    const cleanFigures = await figures(cleanDb);
    expect(await figures(db)).toEqual(cleanFigures);
  });
});
