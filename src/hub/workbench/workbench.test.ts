/**
 * The history workbench end to end on a real hub and real nodes (SQLite over HTTP, PostgreSQL over NATS):
 * label a search, compare two runs hit by hit, and watch a list — the hub's background scheduler runs it
 * again, compares with the latest run and tells the watch's owner (in-app, and through the organisation's
 * e-mail outbox with counts only). Read and write matrix: only the search's organisation sees its labels,
 * watches, comparisons and notifications; a watch is changed only by its owner or an organisation admin.
 * A restart test: a watch that fell due while the hub was down runs once on start, not once per missed day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { RunComparison, Watch, WatchNotification } from '../../contracts/workbench.ts';
import { HOUR_MS } from '../../core/workbench/watch-schedule.ts';
import { attr, call, event } from '../../node/test-support.ts';
import { openHubStorage } from '../../storage/open-hub-storage.ts';
import { startNetwork, TEST_PASSWORD, type TestNetwork } from '../../testkit/network.ts';
import { createHub } from '../create-hub.ts';

const OWNER = 'Owner CERT';
const SEARCHER = 'Searcher SOC';
const OTHER = 'Other ISAC';
const VALUES = ['45.2.0.1', 'c2.example.com', 'later.example.net', '8.8.4.4'];

/** Polls `check` until it returns a value (the scheduler works in the background). */
async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const [db, transport] of [['sqlite', 'http'], ['postgres', 'nats']] as const) {
  describe(`history workbench (${db}, ${transport})`, () => {
    let net: TestNetwork;
    let first: SearchResult;
    let second: SearchResult;
    let otherSearch: SearchResult;
    let colleagueKey: string;
    const key = (org: string, role: 'analyst' | 'admin' = 'analyst') => net.users[org]![role].key;
    const api = (k: string, p: string, method = 'GET', body?: unknown) => call(`${net.hub.url}${p}`, `Bearer ${k}`, method, body);

    beforeAll(async () => {
      net = await startNetwork({
        db,
        transport,
        hubOverrides: { ipInfo: null },
        hubConfig: { watches: { tickMs: 100 }, notifications: { tickMs: 0 } },
        members: [
          { name: OWNER, seed: [event('c2 servers', [attr('ip-dst', '45.2.0.1'), attr('domain', 'c2.example.com')], { tlp: 'green' })] },
          { name: SEARCHER, seed: [] },
          { name: OTHER, seed: [] },
        ],
      });
      const ctx = net.hub.hub.ctx;
      const colleague = await ctx.auth.createUser({ login: 'searcher-colleague', password: TEST_PASSWORD, orgName: SEARCHER, role: 'analyst' });
      colleagueKey = (await ctx.auth.createKey(colleague.id, 't')).key;
      const c = createHubClient({ baseUrl: net.hub.url, apiKey: key(SEARCHER) });
      first = await c.search({ values: VALUES });
      // Between the runs the owner publishes the third value in a new event.
      await net.nodes[OWNER]!.store.saveEvents([event('new wave', [attr('domain', 'later.example.net')], { tlp: 'green' })], net.nodes[OWNER]!.ownerOrg.id);
      second = await c.search({ values: VALUES });
      otherSearch = await createHubClient({ baseUrl: net.hub.url, apiKey: key(OTHER) }).search({ values: VALUES });
    }, 120_000);
    afterAll(async () => net?.close());

    it('labels a search for its organisation only (read and write matrix)', async () => {
      const put = await api(key(SEARCHER), `/api/v1/searches/${first.id}/label`, 'PUT', { ticket: 'INC-4711', note: 'フィッシング第2波' });
      expect(put.status).toBe(200);
      expect((put.json as { label: { ticket: string; note: string; by: string } }).label).toMatchObject({ searchId: first.id, ticket: 'INC-4711', note: 'フィッシング第2波', by: 'searcher-soc-analyst' });
      const labelsOf = async (k: string) => ((await api(k, '/api/v1/search-labels')).json as { labels: { searchId: string; ticket: string }[] }).labels.map((l) => [l.searchId, l.ticket]);
      expect(await labelsOf(colleagueKey)).toEqual([[first.id, 'INC-4711']]);
      expect(await labelsOf(key(SEARCHER, 'admin'))).toEqual([[first.id, 'INC-4711']]);
      for (const k of [key(OTHER), key(OTHER, 'admin'), key(OWNER), net.hub.admin.key]) {
        expect(await labelsOf(k)).toEqual([]);
        // Another organisation's search is missing for every role: no label can be put on it.
        const r = await api(k, `/api/v1/searches/${first.id}/label`, 'PUT', { ticket: 'X' });
        expect([r.status, (r.json as { error: { code: string } }).error.code]).toEqual([404, 'not_found']);
      }
      expect((await api(key(SEARCHER), `/api/v1/searches/${first.id}/label`, 'PUT', { ticket: 'a\nb' })).status).toBe(400);
      expect(await labelsOf(key(SEARCHER))).toEqual([[first.id, 'INC-4711']]);
    });

    it('compares two runs of the same list by member and attribute, for the searching organisation only', async () => {
      const later = second.results.find((r) => r.value === 'later.example.net')!.details[0]!;
      const r = await api(key(SEARCHER), `/api/v1/searches/${second.id}/compare/${first.id}`);
      expect(r.status).toBe(200);
      const cmp = RunComparison.parse(r.json);
      expect(cmp).toEqual({
        earlier: { id: first.id, createdAt: first.createdAt },
        later: { id: second.id, createdAt: second.createdAt },
        newHits: [{ type: 'hostname', value: 'later.example.net', member: OWNER, attributeUuid: later.attribute.uuid, eventUuid: later.event.uuid, eventInfo: 'new wave', match: later.match }],
        goneHits: [],
        kept: 2,
        onlyEarlier: 0,
        onlyLater: 0,
        skippedMembers: [],
      });
      expect((await api(key(SEARCHER), `/api/v1/searches/${second.id}/previous`)).json).toEqual({ previous: first.id });
      expect((await api(key(SEARCHER), `/api/v1/searches/${first.id}/previous`)).json).toEqual({ previous: null });
      for (const k of [key(OTHER), key(OTHER, 'admin'), net.hub.admin.key]) {
        for (const p of [`/api/v1/searches/${second.id}/compare/${first.id}`, `/api/v1/searches/${otherSearch.id}/compare/${first.id}`, `/api/v1/searches/${second.id}/previous`]) {
          const x = await api(k, p);
          expect([p, x.status]).toEqual([p, 404]);
        }
      }
    });

    it('watches a list: the background scheduler runs it, and only the owner is told of new hits', async () => {
      const ctx = net.hub.hub.ctx;
      const member = (await ctx.store.getMemberByOrg((await ctx.store.getOrg(SEARCHER))!.id))!;
      await ctx.notifications.setContact({ memberId: member.id, email: 'soc@searcher.example', webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily' });
      // The watch starts from the first run; the label's ticket names it.
      const created = await api(key(SEARCHER), '/api/v1/watches', 'POST', { searchId: first.id, intervalHours: 24, email: true });
      expect(created.status).toBe(201);
      const w = Watch.parse(created.json);
      expect([w.name, w.owner, w.valueCount, w.intervalHours, w.lastRunAt, w.lastSearchId, w.canEdit]).toEqual(['INC-4711', 'searcher-soc-analyst', 4, 24, null, first.id, true]);
      expect(w.nextRunAt - w.createdAt).toBe(24 * HOUR_MS);
      for (const k of [key(OTHER), key(OTHER, 'admin'), net.hub.admin.key]) {
        expect(((await api(k, '/api/v1/watches')).json as { watches: unknown[] }).watches).toEqual([]);
        expect((await api(k, '/api/v1/watches', 'POST', { searchId: first.id })).status).toBe(404);
      }
      // Write matrix: a colleague reads it but may not change it; other organisations and the hub admin do not find it.
      expect(((await api(colleagueKey, '/api/v1/watches')).json as { watches: Watch[] }).watches.map((x) => [x.id, x.canEdit])).toEqual([[w.id, false]]);
      expect((await api(colleagueKey, `/api/v1/watches/${w.id}`, 'PATCH', { enabled: false })).status).toBe(403);
      expect((await api(colleagueKey, `/api/v1/watches/${w.id}/run-now`, 'POST')).status).toBe(403);
      expect((await api(colleagueKey, `/api/v1/watches/${w.id}`, 'DELETE')).status).toBe(403);
      for (const k of [key(OTHER), key(OTHER, 'admin'), net.hub.admin.key]) {
        expect((await api(k, `/api/v1/watches/${w.id}`, 'PATCH', { enabled: false })).status).toBe(404);
        expect((await api(k, `/api/v1/watches/${w.id}/run-now`, 'POST')).status).toBe(404);
        expect((await api(k, `/api/v1/watches/${w.id}`, 'DELETE')).status).toBe(404);
      }
      const patched = await api(key(SEARCHER, 'admin'), `/api/v1/watches/${w.id}`, 'PATCH', { intervalHours: 12 });
      expect([patched.status, (patched.json as Watch).intervalHours, (patched.json as Watch).canEdit]).toEqual([200, 12, true]);
      expect((await api(key(SEARCHER), '/api/v1/watch-notifications')).json).toEqual({ notifications: [], unseen: 0 });

      // "Run now" only makes it due; the scheduler in the hub's background runs it.
      const due = await api(key(SEARCHER), `/api/v1/watches/${w.id}/run-now`, 'POST');
      expect(due.status).toBe(200);
      const ran = await until(async () => {
        const x = ((await api(key(SEARCHER), '/api/v1/watches')).json as { watches: Watch[] }).watches[0]!;
        return x.lastRunAt !== null ? x : null;
      }, 'the watch run');
      expect([ran.lastNewHits, ran.lastError, ran.nextRunAt - ran.lastRunAt!]).toEqual([1, null, 12 * HOUR_MS]);
      const inbox = (await api(key(SEARCHER), '/api/v1/watch-notifications')).json as { notifications: WatchNotification[]; unseen: number };
      expect(inbox).toEqual({ unseen: 1, notifications: [{ id: inbox.notifications[0]!.id, watchId: w.id, watchName: 'INC-4711', searchId: ran.lastSearchId, previousId: first.id, newHits: 1, at: ran.lastRunAt, seen: false }] });
      // The run is a search in the owner's history, and compares with the watch's baseline as the page shows it.
      const cmp = RunComparison.parse((await api(key(SEARCHER), `/api/v1/searches/${ran.lastSearchId}/compare/${first.id}`)).json);
      expect(cmp.newHits.map((h) => [h.value, h.member])).toEqual([['later.example.net', OWNER]]);
      // Read matrix of the notification: the colleague, the organisation's admin and others hear nothing.
      for (const k of [colleagueKey, key(SEARCHER, 'admin'), key(OTHER), net.hub.admin.key]) expect((await api(k, '/api/v1/watch-notifications')).json).toEqual({ notifications: [], unseen: 0 });
      // The organisation's e-mail gets the counts, never the values or whose data they hit.
      const mail = (await ctx.notifications.outbox({ kind: 'member', memberId: member.id })).filter((o) => o.idempotencyKey.startsWith(`watch:${w.id}:`));
      expect(mail.map((o) => [o.channel, o.target, o.subject])).toEqual([['email', 'soc@searcher.example', '[Renkei] ウォッチ「INC-4711」に新たなヒット 1 件']]);
      expect(mail[0]!.body).not.toContain('later.example.net');
      expect(mail[0]!.body).not.toContain(OWNER);

      await api(key(SEARCHER), '/api/v1/watch-notifications/seen', 'POST', { upTo: inbox.notifications[0]!.id });
      expect(((await api(key(SEARCHER), '/api/v1/watch-notifications')).json as { unseen: number }).unseen).toBe(0);
      // A second run finds nothing new: no notification.
      await api(key(SEARCHER), `/api/v1/watches/${w.id}/run-now`, 'POST');
      const again = await until(async () => {
        const x = ((await api(key(SEARCHER), '/api/v1/watches')).json as { watches: Watch[] }).watches[0]!;
        return x.lastSearchId !== ran.lastSearchId ? x : null;
      }, 'the second run');
      expect(again.lastNewHits).toBe(0);
      expect(((await api(key(SEARCHER), '/api/v1/watch-notifications')).json as { notifications: unknown[] }).notifications.length).toBe(1);
      expect((await api(key(SEARCHER), `/api/v1/watches/${w.id}`, 'DELETE')).status).toBe(204);
      expect(((await api(key(SEARCHER), '/api/v1/watches')).json as { watches: unknown[] }).watches).toEqual([]);
    }, 120_000);
  });
}

describe('watch scheduler across a restart', () => {
  it('runs a watch that fell due while the hub was down once on start, then one interval later', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-watch-restart-'));
    const config = { db: path.join(dir, 'hub.db'), host: '127.0.0.1', port: 0, webDir: null, keyFile: path.join(dir, 'hub.key'), watches: { tickMs: 0 } };
    try {
      let hub = await createHub(config, { ipInfo: null });
      const url = await hub.listen();
      const u = await hub.ctx.auth.createUser({ login: 'watcher', password: TEST_PASSWORD, orgName: 'Watch SOC', role: 'analyst' });
      const k = (await hub.ctx.auth.createKey(u.id, 't')).key;
      const c = createHubClient({ baseUrl: url, apiKey: k });
      const s = await c.search({ values: ['45.2.0.1', 'c2.example.com'] });
      const w = await c.workbench.createWatch({ searchId: s.id, intervalHours: 24 });
      await hub.close();
      // The hub stayed down for three and a half days: the watch missed three of its daily runs.
      const storage = await openHubStorage(config.db);
      const actor = { userId: u.id, orgId: u.orgId, role: 'analyst' as const };
      await storage.workbench.updateWatch(actor, w.id, { nextRunAt: Date.now() - 3.5 * 24 * HOUR_MS });
      await storage.close();

      const back = Date.now();
      hub = await createHub(config, { ipInfo: null });
      const url2 = await hub.listen();
      const c2 = createHubClient({ baseUrl: url2, apiKey: k });
      const ran = await until(async () => {
        const x = (await c2.workbench.watches()).watches[0]!;
        return x.lastRunAt !== null ? x : null;
      }, 'the run on start');
      expect(ran.lastRunAt!).toBeGreaterThanOrEqual(back);
      expect(ran.nextRunAt - ran.lastRunAt!).toBe(24 * HOUR_MS);
      // Once: the history holds the original search and exactly one run of the watch.
      expect((await c2.listSearches()).searches.map((x) => x.id).sort()).toEqual([s.id, ran.lastSearchId].sort());
      await hub.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
