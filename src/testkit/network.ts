/**
 * An in-process Renkei alliance for tests: one node per member (real stores, real HTTP on loopback)
 * and a hub (SQLite temp file or a PostgreSQL schema) with every member onboarded, a hub admin, and an
 * analyst and a member admin per member, each with an API key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { EventInput } from '../core/model/event.ts';
import { createHub, type Hub, type HubOverrides } from '../hub/create-hub.ts';
import { enrolNode } from '../hub/demo/enrol-node.ts';
import type { HubConfigInput } from '../hub/config.ts';
import { startTestNode, type TestNode } from './node-harness.ts';
import { testPgUrl, uniqueSchema } from './store-factory.ts';

/** The NATS server the tests reach (the machine's JetStream server unless RENKEI_TEST_NATS says otherwise). */
export const testNatsUrl = (): string => process.env.RENKEI_TEST_NATS ?? 'nats://127.0.0.1:4222';

/** Which way the hub reaches the nodes: HTTP, or NATS request/reply with nodes dialling out. */
export type NetworkTransport = 'http' | 'nats';

export interface NetworkMember {
  name: string;
  seed?: EventInput[] | (() => EventInput[] | Promise<EventInput[]>);
}

export interface NetworkUser {
  login: string;
  password: string;
  key: string;
  org: string;
}

export interface TestNetwork {
  hub: { url: string; hub: Hub; admin: NetworkUser };
  nodes: Record<string, TestNode>;
  /** Per member: an analyst and a member admin. */
  users: Record<string, { analyst: NetworkUser; admin: NetworkUser }>;
  /** Restarts the hub on the same database (history and audit must survive). */
  restartHub(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** Boots nodes and a hub; `hubConfig`/`hubOverrides` tune the hub (deadlines, enrichment…). */
export async function startNetwork(opts: {
  members: NetworkMember[];
  db?: 'sqlite' | 'postgres';
  hubConfig?: HubConfigInput;
  hubOverrides?: HubOverrides;
  /** Default http. Over NATS each member's subjects carry a per-network suffix: several sessions share one server. */
  transport?: NetworkTransport;
}): Promise<TestNetwork> {
  const db = opts.db ?? 'sqlite';
  const transport = opts.transport ?? 'http';
  const runTag = Math.random().toString(36).slice(2, 8);
  const tokenOf = (name: string): string => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${runTag}`;
  const nodes: Record<string, TestNode> = {};
  const cleanups: (() => Promise<void>)[] = [];
  try {
    for (const m of opts.members) {
      const node = await startTestNode({ db, orgName: m.name, ...(transport === 'nats' ? { config: { natsUrl: testNatsUrl(), natsMember: tokenOf(m.name) } } : {}) });
      nodes[m.name] = node;
      cleanups.push(() => node.close());
      const seed = typeof m.seed === 'function' ? await m.seed() : (m.seed ?? []);
      for (let i = 0; i < seed.length; i += 500) await node.store.saveEvents(seed.slice(i, i + 500), node.ownerOrg.id);
    }
    let hubDb: string;
    let pgSchema: string | undefined;
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'renkei-hub-key-'));
    cleanups.push(async () => rmSync(keyDir, { recursive: true, force: true }));
    if (db === 'sqlite') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-hub-'));
      hubDb = path.join(dir, 'hub.db');
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    } else {
      hubDb = testPgUrl();
      pgSchema = uniqueSchema('hub');
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: hubDb });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
        await c.end();
      });
    }
    // Test members live on loopback, as in the demo.
    const config: HubConfigInput = { db: hubDb, ...(pgSchema ? { pgSchema } : {}), host: '127.0.0.1', port: 0, webDir: null, allowPrivateSources: true, keyFile: path.join(keyDir, 'hub.key'), ...(transport === 'nats' ? { nats: { url: testNatsUrl() } } : {}), ...opts.hubConfig };
    let hub = await createHub(config, opts.hubOverrides);
    const url = await hub.listen();
    const ctx = hub.ctx;
    const mkUser = async (login: string, org: string, role: 'hub-admin' | 'member-admin' | 'analyst'): Promise<NetworkUser> => {
      const u = await ctx.auth.createUser({ login, password: TEST_PASSWORD, orgName: org, role });
      return { login, password: TEST_PASSWORD, org, key: (await ctx.auth.createKey(u.id, 'test')).key };
    };
    const admin = await mkUser('hubadmin', 'Hub Operator', 'hub-admin');
    // Enrolment as a node admin does it: fetch the hub's assertion key and pin it for the hub's search key.
    const hubKey = ((await (await fetch(`${url}/api/v1/federation/hub-key`)).json()) as { publicKey: string }).publicKey;
    const users: TestNetwork['users'] = {};
    for (const m of opts.members) {
      const node = nodes[m.name]!;
      await enrolNode(ctx, hubKey, node.node, { name: m.name, url: transport === 'nats' ? `nats:${tokenOf(m.name)}` : node.url });
      const slug = m.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      users[m.name] = { analyst: await mkUser(`${slug}-analyst`, m.name, 'analyst'), admin: await mkUser(`${slug}-admin`, m.name, 'member-admin') };
    }
    const net: TestNetwork = {
      hub: { url, hub, admin },
      nodes,
      users,
      async restartHub() {
        const port = Number(new URL(net.hub.url).port);
        await hub.close();
        hub = await createHub({ ...config, port }, opts.hubOverrides);
        await hub.listen();
        net.hub.hub = hub;
        // Let clients notice their keep-alive sockets to the old server closed.
        await new Promise((r) => setTimeout(r, 100));
      },
      async close() {
        await hub.close().catch(() => undefined);
        for (const c of cleanups.reverse()) await c().catch(() => undefined);
      },
    };
    return net;
  } catch (e) {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    throw e;
  }
}
