/** A hub on loopback for the observations tests: five organisations, users with API keys, a topic group, both engines. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { HubRole } from '../core/roles.ts';
import { createHub, type Hub } from '../hub/create-hub.ts';
import type { HubConfigInput } from '../hub/config.ts';
import { testPgUrl, uniqueSchema } from './store-factory.ts';

export interface ObsUser {
  key: string;
  org: string;
  orgId: number;
  role: HubRole;
}

export interface ObservationsHub {
  hub: Hub;
  url: string;
  users: Record<string, ObsUser>;
  groupId: number;
  /** `fetch` with the user's key and JSON body. */
  api(user: string, method: string, p: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** Readers/actors by name: org Aoba (author side), Kinu (in the group), Sora (named), Umi (outsider), the operator. */
export const OBS_USERS: Record<string, { org: string; role: HubRole }> = {
  aobaAnalyst: { org: 'Aoba CSIRT', role: 'analyst' },
  aobaAdmin: { org: 'Aoba CSIRT', role: 'member-admin' },
  kinuAnalyst: { org: 'Kinu SOC', role: 'analyst' },
  soraAnalyst: { org: 'Sora ISP', role: 'analyst' },
  umiAnalyst: { org: 'Umi ISAC', role: 'analyst' },
  hubAdmin: { org: 'Hub Operator', role: 'hub-admin' },
};

/** Starts the hub (k = `minMembers`) with the users above and topic group "IoT WG" of Aoba and Kinu. */
export async function startObservationsHub(engine: 'sqlite' | 'postgres', minMembers = 3, extra: Partial<HubConfigInput> = {}): Promise<ObservationsHub> {
  const cleanups: Array<() => Promise<void>> = [];
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'renkei-obs-key-'));
  cleanups.push(async () => rmSync(keyDir, { recursive: true, force: true }));
  let db: string;
  let pgSchema: string | undefined;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-obs-hub-'));
    db = path.join(dir, 'hub.db');
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  } else {
    db = testPgUrl();
    pgSchema = uniqueSchema('obshub');
    const schema = pgSchema;
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: db });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    });
  }
  const hub = await createHub({ db, ...(pgSchema ? { pgSchema } : {}), host: '127.0.0.1', port: 0, webDir: null, keyFile: path.join(keyDir, 'hub.key'), enrichment: { enabled: false, rangeDirs: [] }, observations: { minMembers }, ...extra });
  const url = await hub.listen();
  const users: Record<string, ObsUser> = {};
  for (const [name, u] of Object.entries(OBS_USERS)) {
    const row = await hub.ctx.auth.createUser({ login: name.toLowerCase(), password: null, orgName: u.org, role: u.role });
    users[name] = { key: (await hub.ctx.auth.createKey(row.id, 'test')).key, org: u.org, orgId: row.orgId, role: u.role };
  }
  const api = (user: string, method: string, p: string, body?: unknown): Promise<Response> =>
    fetch(`${url}${p}`, { method, headers: { authorization: `Bearer ${users[user]!.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  // A group is active with three member organisations: Aoba (owner), Kinu and Hana CERT (no users), each approved by the hub admin.
  const hana = await hub.ctx.store.ensureOrg('Hana CERT');
  const g = await api('aobaAdmin', 'POST', '/api/v1/topic-groups', { name: 'IoT WG', orgIds: [users.kinuAnalyst!.orgId, hana.id] });
  if (g.status !== 201) throw new Error(`topic group: ${g.status} ${await g.text()}`);
  const groupId = ((await g.json()) as { id: number }).id;
  for (const orgId of [users.kinuAnalyst!.orgId, hana.id]) {
    const a = await api('hubAdmin', 'POST', `/api/v1/topic-groups/${groupId}/requests/${orgId}`, { approve: true });
    if (a.status !== 200) throw new Error(`approve: ${a.status} ${await a.text()}`);
  }
  return {
    hub, url, users, groupId, api,
    async close() {
      await hub.close().catch(() => undefined);
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    },
  };
}

/** Reads an SSE response until `count` events arrived or `ms` passed; then aborts. */
export async function readSse(res: Response, count: number, ms: number, abort: AbortController): Promise<Array<{ id: number; event: string; data: unknown }>> {
  const out: Array<{ id: number; event: string; data: unknown }> = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    while (out.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const f = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (f.data !== undefined) out.push({ id: Number(f.id), event: String(f.event), data: JSON.parse(String(f.data)) });
      }
    }
  } catch (e) {
    if (!abort.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return out;
}
