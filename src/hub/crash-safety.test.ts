/**
 * Kill -9 of a real hub process, during a search and right after it streamed "done", on SQLite and
 * PostgreSQL: history, audit, the hub-kept hit log (MISP-type member) and the node's own hit log
 * (Renkei member) are re-read afterwards. Once "done" is out, everything is stored; a search cut off
 * mid-way shows as `interrupted` after the restart, never as a search with 0 hits.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../client/hub-client.ts';
import type { SearchResult, SearchStreamEvent } from '../contracts/hub-api.ts';
import { openHubStore } from '../storage/hub/open-hub-store.ts';
import type { HubStore } from '../storage/hub/port.ts';
import { killHub, spawnHub, type HubProcess } from '../testkit/hub-process.ts';
import { startTestNode, type TestNode } from '../testkit/node-harness.ts';
import { testPgUrl, uniqueSchema } from '../testkit/store-factory.ts';
import { createHub } from './create-hub.ts';
import { generateWorld } from './demo/world.ts';

const world = generateWorld({ fillerPerMember: 100 });
const renkeiMember = world.members[2]!; // 355 shared sample values
const mispMember = world.members[3]!; // 177 shared sample values
const searcherOrg = world.members[0]!.name;
const SECRET = 'crash-test-source-secret-0123456789';
/** Kill runs per engine (RENKEI_CRASH_RUNS raises it for the figures in a closing note). */
const RUNS = Number(process.env.RENKEI_CRASH_RUNS ?? 5);

/** A member that answers after `ms` with no hits: keeps a search running while the hub is killed. */
function slowNode(ms: number): http.Server {
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"tookMs":0}'), ms));
  });
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`hub killed with SIGKILL (${engine})`, () => {
    let nodeR: TestNode;
    let nodeM: TestNode;
    let slow: http.Server;
    let env: Record<string, string>;
    let key = '';
    let dir = '';
    let schema = '';
    let hub: HubProcess | null = null;
    const openStore = (): Promise<HubStore> => openHubStore(env.RENKEI_HUB_DB!, engine === 'postgres' ? { schema } : {});

    beforeAll(async () => {
      nodeR = await startTestNode({ db: engine, orgName: renkeiMember.name });
      await nodeR.store.saveEvents(renkeiMember.events, nodeR.ownerOrg.id);
      nodeM = await startTestNode({ db: engine, orgName: mispMember.name });
      await nodeM.store.saveEvents(mispMember.events, nodeM.ownerOrg.id);
      slow = slowNode(4000);
      await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
      dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-crash-'));
      schema = uniqueSchema('crash');
      env = engine === 'sqlite' ? { RENKEI_HUB_DB: path.join(dir, 'hub.db') } : { RENKEI_HUB_DB: testPgUrl(), RENKEI_HUB_PG_SCHEMA: schema };
      env.RENKEI_HUB_SECRET = SECRET;
      env.RENKEI_HUB_DRAIN_MS = '1000';
      // Prepared in-process on the same database, then served by the child.
      const setup = await createHub({ db: env.RENKEI_HUB_DB!, ...(engine === 'postgres' ? { pgSchema: schema } : {}), secret: SECRET, webDir: null, enrichment: { enabled: false, rangeDirs: [] } });
      const ctx = setup.ctx;
      await ctx.members.add(renkeiMember.name, undefined, { input: { kind: 'renkei', url: nodeR.url, apiKey: await nodeR.createKey('renkei-hub', 'search'), verifyTls: true } });
      await ctx.members.add(mispMember.name, undefined, { input: { kind: 'misp', url: nodeM.url, apiKey: await nodeM.createKey('renkei-hub', 'reader'), verifyTls: true } });
      await ctx.members.add('Slow Member', undefined, { input: { kind: 'renkei', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, apiKey: 'k', verifyTls: true }, skipCheck: true });
      const u = await ctx.auth.createUser({ login: 'analyst', password: 'analyst-password', orgName: searcherOrg, role: 'analyst' });
      key = (await ctx.auth.createKey(u.id, 'test')).key;
      await setup.close();
    });
    afterAll(async () => {
      if (hub) await killHub(hub);
      slow?.closeAllConnections();
      await new Promise((r) => slow?.close(r));
      await nodeR?.close();
      await nodeM?.close();
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') {
        const c = new pg.Client({ connectionString: testPgUrl() });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
    });

    /** Streams a search and SIGKILLs the hub at the first event for which `killAt` says so. */
    const searchAndKill = async (members: string[], killAt: (e: SearchStreamEvent, seen: SearchStreamEvent[]) => boolean): Promise<SearchStreamEvent[]> => {
      hub = await spawnHub(env);
      const c = createHubClient({ baseUrl: hub.url, apiKey: key });
      const seen: SearchStreamEvent[] = [];
      try {
        for await (const e of c.searchStream({ values: world.sample, members })) {
          seen.push(e);
          if (killAt(e, seen)) {
            await killHub(hub);
            break;
          }
        }
      } catch {
        /* the stream is cut by the kill */
      }
      hub = null;
      return seen;
    };
    /** (value, attribute uuid) pairs a member reported in a result, sorted. */
    const pairsOf = (r: SearchResult, member: string): string[] =>
      r.results.flatMap((v) => v.details.filter((d) => d.member === member).map((d) => `${v.value} ${d.attribute.uuid}`)).sort();

    it(`keeps every write of a search killed right after "done" (${RUNS} runs)`, { timeout: 240_000 + RUNS * 10_000 }, async () => {
      for (let run = 0; run < RUNS; run++) {
        const seen = await searchAndKill([renkeiMember.name, mispMember.name], (e) => e.type === 'done');
        const done = seen.at(-1);
        expect(done?.type).toBe('done');
        const result = (done as Extract<SearchStreamEvent, { type: 'done' }>).result;
        expect(Object.fromEntries(result.members.map((m) => [m.name, m.hits]))).toEqual({ [renkeiMember.name]: renkeiMember.shared, [mispMember.name]: mispMember.shared });

        const store = await openStore();
        try {
          const row = await store.getSearch(result.id);
          expect(row).toMatchObject({ status: 'done', valueCount: 853, hitValueCount: renkeiMember.shared + mispMember.shared - overlap(result) });
          expect(JSON.parse(row!.resultJson!)).toEqual(result);
          const audit = (await store.listAudit(10_000)).filter((a) => a.detail?.includes(result.id));
          expect(audit.map((a) => a.action).sort()).toEqual(['search', 'search-done']);
          expect(audit.find((a) => a.action === 'search')!.count).toBe(853);
          // The hub-kept log of the MISP-type member: exactly its hits, once each.
          const mispM = (await store.getMember(mispMember.name))!;
          const hubLog = (await store.listOwnerHits(mispM.id, 0, 100_000)).filter((h) => h.searchId === result.id);
          expect(hubLog.map((h) => `${h.value} ${h.attributeUuid}`).sort()).toEqual(pairsOf(result, mispMember.name));
          expect(hubLog.every((h) => h.searcherOrg === searcherOrg)).toBe(true);
        } finally {
          await store.close();
        }
        // The Renkei member's own log, written by its node before it answered.
        const nodeLog = (await nodeR.node.meta.listHits({ limit: 100_000 })).filter((h) => h.searchId === result.id);
        expect(nodeLog.map((h) => `${h.value} ${h.attributeUuid}`).sort()).toEqual(pairsOf(result, renkeiMember.name));
      }
    });

    it('marks a search killed mid-way interrupted at the next start, never 0 hits, and keeps no half of it', { timeout: 240_000 }, async () => {
      // Killed once both fast members answered, while the slow one still keeps the search running.
      const seen = await searchAndKill([renkeiMember.name, mispMember.name, 'Slow Member'], (_e, all) => all.filter((x) => x.type === 'member').length === 2);
      const accepted = seen[0] as Extract<SearchStreamEvent, { type: 'accepted' }>;
      expect(accepted.type).toBe('accepted');
      expect(seen.some((e) => e.type === 'done')).toBe(false);
      const id = accepted.id;

      const before = await openStore();
      try {
        expect((await before.getSearch(id))!.status).toBe('running');
      } finally {
        await before.close();
      }
      hub = await spawnHub(env);
      const c = createHubClient({ baseUrl: hub.url, apiKey: key });
      const listed = (await c.listSearches()).searches.find((s) => s.id === id);
      expect(listed).toMatchObject({ id, status: 'interrupted', valueCount: 853, hitValueCount: null });
      await expect(c.getSearch(id)).rejects.toMatchObject({ status: 404 });
      await killHub(hub);
      hub = null;

      const store = await openStore();
      try {
        const audit = (await store.listAudit(10_000)).filter((a) => a.detail?.includes(id));
        expect(audit.map((a) => a.action)).toEqual(['search']);
        const mispM = (await store.getMember(mispMember.name))!;
        expect((await store.listOwnerHits(mispM.id, 0, 100_000)).filter((h) => h.searchId === id)).toEqual([]);
      } finally {
        await store.close();
      }
      // The node answered before the kill, so its own log has the search's hits on its data, once each.
      const memberEv = seen.find((e) => e.type === 'member' && e.member.name === renkeiMember.name) as Extract<SearchStreamEvent, { type: 'member' }>;
      const expected = memberEv.hits.flatMap((x) => x.hits.map((h) => `${accepted.values[x.index]!.value} ${h.attribute.uuid}`)).sort();
      expect(expected).toHaveLength(renkeiMember.shared);
      const nodeLog = (await nodeR.node.meta.listHits({ limit: 100_000 })).filter((h) => h.searchId === id);
      expect(nodeLog.map((h) => `${h.value} ${h.attributeUuid}`).sort()).toEqual(expected);
    });
  });
}

/** Values hit by both members (counted once in hitValueCount). */
function overlap(r: SearchResult): number {
  return r.results.filter((v) => Object.keys(v.hits).length > 1).length;
}
