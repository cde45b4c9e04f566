/**
 * Hit feedback end to end, on SQLite over HTTP and PostgreSQL over NATS: an analyst gives feedback on a
 * hit of its organisation's search and the hub relays it — a Renkei node stores a MISP sighting (read
 * back through the node's MISP API), a MISP source with a sighting-capable key gets `sightings/add`, one
 * whose key may not keeps it at the hub — owners read it on their data, later searchers see aggregates,
 * and anonymous feedback never shows its organisation on any path. Another organisation's search reads
 * as missing for every role on every feedback path.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { GiveFeedbackResponse, OwnerFeedbackPage, SearchFeedback, FeedbackSummary } from '../../contracts/feedback.ts';
import type { SearchResult } from '../../contracts/hub-api.ts';
import { ANONYMOUS_MEMBER } from '../../core/feedback/feedback-author.ts';
import { attr, call, event } from '../../node/test-support.ts';
import { startNetwork, type TestNetwork } from '../../testkit/network.ts';
import { startTestNode, type TestNode } from '../../testkit/node-harness.ts';

const OWNER = 'Owner CERT';
const SEARCHER = 'Searcher SOC';
const OTHER = 'Other ISAC';
const MISP_OWNER = 'Misp Owner';
const LOCKED = 'Locked Misp';
const LOCKED_UUID = '9b2f4c1e-0000-4000-8000-000000000001';

/** A MISP server whose key may search but not add sightings (MISP answers 403 then). */
function lockedMisp(sightingCalls: unknown[]): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/servers/getVersion') return res.end('{"version":"2.5.1"}');
      if (req.url === '/users/view/me') return res.end('{"User":{"id":"1"}}');
      if (req.url === '/sightings/add') {
        sightingCalls.push(JSON.parse(body));
        res.statusCode = 403;
        return res.end('{"name":"You do not have permission to use this functionality.","message":"Forbidden","url":"/sightings/add"}');
      }
      const values = (JSON.parse(body) as { value: string[] }).value;
      const Attribute = values.includes('45.9.9.9')
        ? [{ uuid: LOCKED_UUID, type: 'ip-dst', category: 'Network activity', value: '45.9.9.9', to_ids: true, timestamp: '1700000000', Event: { uuid: 'locked-event', info: 'locked c2', date: '2026-11-01', threat_level_id: '2' }, Tag: [{ name: 'tlp:green' }] }]
        : [];
      res.end(JSON.stringify({ response: { Attribute } }));
    });
  });
}

const VALUES = ['45.2.0.1', 'c2.example.com', '45.8.8.8', '45.9.9.9', '8.8.4.4'];

for (const [db, transport] of [['sqlite', 'http'], ['postgres', 'nats']] as const) {
  describe(`hit feedback (${db}, ${transport})`, () => {
    let net: TestNetwork;
    let misp: TestNode;
    let locked: http.Server;
    const lockedCalls: unknown[] = [];
    let search: SearchResult;
    let otherSearch: SearchResult;
    const key = (org: string, role: 'analyst' | 'admin' = 'analyst') => net.users[org]![role].key;
    const hub = (path: string, k: string, method = 'GET', body?: unknown) => call(`${net.hub.url}${path}`, `Bearer ${k}`, method, body);
    /** How a client names `member`'s hit on `value` in `r`. */
    const place = (r: SearchResult, value: string, member: string) => {
      const index = r.results.findIndex((v) => v.value === value);
      const d = r.results[index]!.details.find((x) => x.member === member)!;
      return { index, member, attributeUuid: d.attribute.uuid };
    };
    const nodeSightings = async (t: TestNode) => {
      const r = await call(`${t.url}/sightings/restSearch`, await t.createKey(t.ownerOrg.name, 'reader'), 'POST', {});
      expect(r.status).toBe(200);
      return (r.json.response as { Sighting: { type: string; source: string; value: string; Organisation?: { name: string } } }[]).map((s) => [s.Sighting.value, s.Sighting.type, s.Sighting.Organisation?.name, s.Sighting.source]).sort();
    };

    beforeAll(async () => {
      net = await startNetwork({
        db,
        transport,
        hubOverrides: { ipInfo: null },
        members: [
          { name: OWNER, seed: [event('c2 servers', [attr('ip-dst', '45.2.0.1'), attr('domain', 'c2.example.com')], { tlp: 'green' })] },
          { name: SEARCHER, seed: [] },
          { name: OTHER, seed: [] },
        ],
      });
      misp = await startTestNode({ db, orgName: MISP_OWNER });
      await misp.store.saveEvents([event('misp phishing', [attr('ip-dst', '45.8.8.8')], { tlp: 'green' })], misp.ownerOrg.id);
      locked = lockedMisp(lockedCalls);
      await new Promise<void>((r) => locked.listen(0, '127.0.0.1', r));
      const admin = createHubClient({ baseUrl: net.hub.url, apiKey: net.hub.admin.key });
      const m = await admin.addMember(MISP_OWNER);
      await admin.addSource(m.id, { kind: 'misp', url: misp.url, apiKey: await misp.createKey('renkei-hub', 'reader') });
      const l = await admin.addMember(LOCKED);
      await admin.addSource(l.id, { kind: 'misp', url: `http://127.0.0.1:${(locked.address() as AddressInfo).port}`, apiKey: 'c'.repeat(40) });
      for (const org of [MISP_OWNER, LOCKED]) {
        const u = await net.hub.hub.ctx.auth.createUser({ login: `${org.toLowerCase().replace(/ /g, '-')}-admin`, password: 'correct-horse-battery', orgName: org, role: 'member-admin' });
        net.users[org] = { analyst: { login: '', password: '', org, key: (await net.hub.hub.ctx.auth.createKey(u.id, 't')).key }, admin: { login: '', password: '', org, key: (await net.hub.hub.ctx.auth.createKey(u.id, 't2')).key } };
      }
      search = await createHubClient({ baseUrl: net.hub.url, apiKey: key(SEARCHER) }).search({ values: VALUES });
      otherSearch = await createHubClient({ baseUrl: net.hub.url, apiKey: key(OTHER) }).search({ values: VALUES });
    }, 120_000);
    afterAll(async () => {
      locked?.closeAllConnections();
      await new Promise((r) => locked?.close(r));
      await misp?.close();
      await net?.close();
    });

    it('found the hits the feedback is about', () => {
      expect(search.members.filter((m) => m.status !== 'ok')).toEqual([]);
      expect(search.results.filter((v) => v.details.length > 0).map((v) => [v.value, v.details.map((d) => d.member)])).toEqual([
        ['45.2.0.1', [OWNER]],
        ['c2.example.com', [OWNER]],
        ['45.8.8.8', [MISP_OWNER]],
        ['45.9.9.9', [LOCKED]],
      ]);
    });

    it('relays feedback to a node (a MISP sighting there), a MISP source, or keeps it when the key may not add sightings', async () => {
      const items = [
        { ...place(search, '45.2.0.1', OWNER), kind: 'seen', reveal: true, comment: 'seen on our proxy' },
        { ...place(search, 'c2.example.com', OWNER), kind: 'false_positive', reveal: false, comment: 'sinkholed' },
        { ...place(search, '45.8.8.8', MISP_OWNER), kind: 'expired', reveal: true },
        { ...place(search, '45.9.9.9', LOCKED), kind: 'seen', reveal: false },
        // A real attribute of another value's hit, named on a value it did not hit.
        { ...place(search, '45.2.0.1', OWNER), index: 4, kind: 'seen', reveal: true },
      ];
      const r = await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER), 'POST', { items });
      expect(r.status).toBe(200);
      expect(GiveFeedbackResponse.parse(r.json).results).toEqual([
        { position: 0, status: 'relayed' },
        { position: 1, status: 'relayed' },
        { position: 2, status: 'relayed' },
        { position: 3, status: 'kept' },
        { position: 4, error: { code: 'no_such_hit', message: `search ${search.id} has no hit of that member and attribute on value 4` } },
      ]);
      // The owner's node shows MISP sightings: the revealed one under the searcher, the anonymous one as "a member".
      expect(await nodeSightings(net.nodes[OWNER]!)).toEqual([
        ['45.2.0.1', '0', SEARCHER, 'renkei: seen on our proxy'],
        ['c2.example.com', '1', ANONYMOUS_MEMBER, 'renkei: sinkholed'],
      ]);
      // The MISP source got sightings/add under the hub key's organisation, naming the revealed author in `source`.
      expect(await nodeSightings(misp)).toEqual([['45.8.8.8', '2', 'renkei-hub', `renkei (${SEARCHER})`]]);
      expect(lockedCalls).toEqual([{ uuid: LOCKED_UUID, type: 0, source: 'renkei' }]);
      // Again: nothing new anywhere.
      const again = await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER, 'admin'), 'POST', { items: items.slice(0, 1) });
      expect(again.json.results).toEqual([{ position: 0, status: 'duplicate' }]);
      expect((await nodeSightings(net.nodes[OWNER]!)).length).toBe(2);
    });

    it('marks every hit of a search as seen in one action, once', async () => {
      const r = await hub(`/api/v1/searches/${otherSearch.id}/feedback/all-seen`, key(OTHER), 'POST', { reveal: false });
      expect(r.status).toBe(200);
      expect(FeedbackSummary.parse(r.json)).toEqual({ hits: 4, recorded: 4, duplicates: 0, relayed: 3, kept: 1, pending: 0 });
      const again = await hub(`/api/v1/searches/${otherSearch.id}/feedback/all-seen`, key(OTHER), 'POST', { reveal: false });
      expect(again.json).toEqual({ hits: 4, recorded: 0, duplicates: 4, relayed: 0, kept: 0, pending: 0 });
      const sightings = await nodeSightings(net.nodes[OWNER]!);
      expect(sightings.filter((s) => s[2] === ANONYMOUS_MEMBER && s[1] === '0').map((s) => s[0])).toEqual(['45.2.0.1', 'c2.example.com']);
      expect(JSON.stringify(sightings)).not.toContain(OTHER);
    });

    it('shows later searchers aggregates on hits, and their own feedback', async () => {
      const later = await createHubClient({ baseUrl: net.hub.url, apiKey: key(OWNER) }).search({ values: VALUES });
      const r = SearchFeedback.parse((await hub(`/api/v1/searches/${later.id}/feedback`, key(OWNER))).json);
      expect(r.given).toEqual([]);
      const at = (v: string, m: string) => r.aggregates.find((a) => a.index === place(later, v, m).index)!;
      expect(at('45.2.0.1', OWNER)).toMatchObject({ seen: 2, falsePositive: 0, expired: 0 });
      expect(at('c2.example.com', OWNER)).toMatchObject({ seen: 1, falsePositive: 1, expired: 0 });
      expect(at('45.8.8.8', MISP_OWNER)).toMatchObject({ seen: 1, falsePositive: 0, expired: 1 });
      const own = SearchFeedback.parse((await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER))).json);
      expect(own.given.map((g) => [search.results[g.index]!.value, g.kind, g.relay]).sort()).toEqual([
        ['45.2.0.1', 'seen', 'relayed'],
        ['45.8.8.8', 'expired', 'relayed'],
        ['45.9.9.9', 'seen', 'kept'],
        ['c2.example.com', 'false_positive', 'relayed'],
      ]);
    });

    it('lets owners read feedback on their data per value and per event, anonymous as "a member"', async () => {
      const page = OwnerFeedbackPage.parse((await hub('/api/v1/feedback', key(OWNER, 'admin'))).json);
      expect(page.items.map((f) => [f.value, f.kind, f.author, f.comment]).sort()).toEqual([
        ['45.2.0.1', 'seen', SEARCHER, 'seen on our proxy'],
        ['45.2.0.1', 'seen', ANONYMOUS_MEMBER, ''],
        ['c2.example.com', 'false_positive', ANONYMOUS_MEMBER, 'sinkholed'],
        ['c2.example.com', 'seen', ANONYMOUS_MEMBER, ''],
      ]);
      expect(page.byValue.map((v) => [v.value, v.seen, v.falsePositive, v.expired]).sort()).toEqual([
        ['45.2.0.1', 2, 0, 0],
        ['c2.example.com', 1, 1, 0],
      ]);
      expect(page.byEvent).toEqual([{ eventUuid: page.items[0]!.eventUuid, eventInfo: 'c2 servers', seen: 2, falsePositive: 1, expired: 0 }]);
      const one = OwnerFeedbackPage.parse((await hub('/api/v1/feedback?value=c2.example.com', key(OWNER))).json);
      expect(one.items.map((f) => f.kind).sort()).toEqual(['false_positive', 'seen']);
      // Kept at the hub for the owner whose MISP key could not take it.
      const lockedPage = OwnerFeedbackPage.parse((await hub('/api/v1/feedback', key(LOCKED))).json);
      expect(lockedPage.items.map((f) => [f.value, f.author, f.relay])).toEqual([
        ['45.9.9.9', ANONYMOUS_MEMBER, 'kept'],
        ['45.9.9.9', ANONYMOUS_MEMBER, 'kept'],
      ]);
      // Anonymous feedback never names its organisation: OTHER gave only anonymous feedback.
      for (const org of [OWNER, MISP_OWNER, LOCKED]) expect(JSON.stringify((await hub('/api/v1/feedback', key(org, 'admin'))).json)).not.toContain(OTHER);
      // A member with no data reads nothing of others'.
      expect(OwnerFeedbackPage.parse((await hub('/api/v1/feedback', key(SEARCHER))).json).items).toEqual([]);
    });

    it('refuses every role of another organisation on every path of a search it does not own', async () => {
      const write = { items: [{ ...place(search, '45.2.0.1', OWNER), kind: 'false_positive', reveal: true }] };
      const before = (await nodeSightings(net.nodes[OWNER]!)).length;
      for (const org of [OTHER, OWNER]) {
        for (const role of ['analyst', 'admin'] as const) {
          expect((await hub(`/api/v1/searches/${search.id}/feedback`, key(org, role), 'POST', write)).status).toBe(404);
          expect((await hub(`/api/v1/searches/${search.id}/feedback/all-seen`, key(org, role), 'POST', { reveal: true })).status).toBe(404);
          expect((await hub(`/api/v1/searches/${search.id}/feedback`, key(org, role))).status).toBe(404);
        }
      }
      expect((await hub(`/api/v1/searches/${search.id}/feedback`, net.hub.admin.key, 'POST', write)).status).toBe(404);
      expect((await call(`${net.hub.url}/api/v1/searches/${search.id}/feedback`, null, 'POST', write)).status).toBe(401);
      expect((await nodeSightings(net.nodes[OWNER]!)).length).toBe(before);
      // The searching organisation's member admin may (same organisation, another role).
      const mine = await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER, 'admin'), 'POST', write);
      expect(mine.json.results).toEqual([{ position: 0, status: 'relayed' }]);
    });

    it('answers bad input with per-field errors and stores nothing', async () => {
      const bad = await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER), 'POST', { items: [{ ...place(search, '45.2.0.1', OWNER), kind: 'liked', reveal: true }] });
      expect(bad.status).toBe(400);
      const long = await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER), 'POST', { items: [{ ...place(search, '45.2.0.1', OWNER), kind: 'seen', reveal: true, comment: 'x'.repeat(201) }] });
      expect(long.status).toBe(400);
      const ctl = await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER), 'POST', { items: [{ ...place(search, '45.2.0.1', OWNER), kind: 'expired', reveal: true, comment: 'a\nb' }] });
      expect(ctl.status).toBe(400);
      const own = SearchFeedback.parse((await hub(`/api/v1/searches/${search.id}/feedback`, key(SEARCHER))).json);
      expect(own.given.filter((g) => g.kind === 'expired' && g.index === 0)).toEqual([]);
    });
  });
}
