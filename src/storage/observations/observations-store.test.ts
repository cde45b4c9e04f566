/**
 * The observations store contract, on SQLite and PostgreSQL: the SQL read rule returns exactly what the
 * pure `mayRead` allows for every reader × TLP × audience, anonymous authors stay hidden, and answers,
 * questions and rooms behave as the port says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audience, ObservationDraft } from '../../core/observations/model.ts';
import { mayRead } from '../../core/observations/read-rule.ts';
import { TLP_LEVELS } from '../../core/sharing/tlp.ts';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { openHubStorage, type HubStorage } from '../open-hub-storage.ts';
import type { StoreReader, StoreWriter } from './port.ts';

async function openEngine(kind: 'sqlite' | 'postgres'): Promise<{ storage: HubStorage; cleanup(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-obs-'));
    const storage = await openHubStorage(path.join(dir, 'hub.db'));
    return { storage, cleanup: async () => (await storage.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = testPgUrl();
  const schema = uniqueSchema('obs');
  const storage = await openHubStorage(url, { schema });
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export const draft = (over: Partial<ObservationDraft> = {}): ObservationDraft => ({
  title: 'Telnet scanning up',
  body: '# 観測\n\nポート23への走査が増加',
  language: 'ja',
  category: 'scanning',
  fiveW1H: { purpose: 'early warning', observedFrom: 1_700_000_000_000, observedTo: 1_700_003_600_000, timeZone: 'Asia/Tokyo', ports: [23], signatureIds: ['sid:2000001'], sector: 'ISP', region: 'Kanto', networkScope: 'AS64500', detection: 'IDS', use: 'watch' },
  indicators: [{ type: 'ip-dst', value: '192.0.2.1' }],
  favours: ['speed', 'accuracy'],
  confidence: 'medium',
  tlp: 'green',
  audience: { kind: 'community' },
  anonymous: false,
  ...over,
});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`observations store on ${engine}`, () => {
    let env: Awaited<ReturnType<typeof openEngine>>;
    const w: Record<string, StoreWriter> = {};
    let groupId = 0;
    beforeAll(async () => {
      env = await openEngine(engine);
      const hub = env.storage.hub;
      const mk = async (key: string, name: string, role: StoreReader['role'], userId: number) => (w[key] = { orgId: (await hub.ensureOrg(name)).id, role, userId });
      await mk('author', 'Aoba CSIRT', 'analyst', 1);
      await mk('group', 'Kinu SOC', 'member-admin', 2);
      await mk('named', 'Sora ISP', 'analyst', 3);
      await mk('outsider', 'Umi ISAC', 'analyst', 4);
      await mk('hubAdmin', 'Hub Operator', 'hub-admin', 5);
      groupId = (await env.storage.observations.createGroup(w.author!, 'IoT WG', [w.group!.orgId], 1)).id;
    });
    afterAll(async () => env?.cleanup());
    const obs = () => env.storage.observations;

    it('lists and gets exactly what mayRead allows, for every reader × TLP × audience × anonymity', async () => {
      const audiences: Audience[] = [{ kind: 'community' }, { kind: 'group', groupId }, { kind: 'orgs', orgIds: [w.named!.orgId] }];
      const made: Array<{ id: number; d: ObservationDraft }> = [];
      for (const tlp of TLP_LEVELS) for (const audience of audiences) for (const anonymous of [false, true]) {
        const d = draft({ title: `${tlp} ${audience.kind} ${anonymous}`, tlp, audience, anonymous });
        made.push({ id: await obs().createObservation(w.author!, d, 1000 + made.length), d });
      }
      const groupsOf: Record<string, number[]> = { author: [groupId], group: [groupId], named: [], outsider: [], hubAdmin: [] };
      const seenBy: Record<string, number> = {};
      for (const [name, reader] of Object.entries(w)) {
        const expected = made.filter((m) => mayRead({ ...reader, groupIds: groupsOf[name]! }, { authorOrgId: w.author!.orgId, tlp: m.d.tlp, audience: m.d.audience, anonymous: m.d.anonymous })).map((m) => m.id).reverse();
        const listed = await obs().listObservations(reader, { limit: 200 });
        expect(listed.map((o) => o.id)).toEqual(expected);
        seenBy[name] = listed.length;
        for (const m of made) expect((await obs().getObservation(reader, m.id))?.id ?? null).toBe(expected.includes(m.id) ? m.id : null);
        for (const o of listed) {
          const knows = !o.anonymous || name === 'author' || name === 'hubAdmin';
          expect(o.author).toEqual({ anonymous: o.anonymous, org: knows ? { id: w.author!.orgId, name: 'Aoba CSIRT' } : null });
          if (!knows) expect(JSON.stringify(o)).not.toContain('Aoba');
        }
      }
      // Each × 2 (named and anonymous): clear/green × community and own audience, amber × own audience.
      expect(seenBy).toEqual({ author: 30, group: 10, named: 10, outsider: 4, hubAdmin: 4 });
    });

    it('round-trips a full observation and searches it by indicator, text, category and unanswered', async () => {
      const d = draft({ title: 'RDP brute force from 198.51.100.0/24', body: '総当たり攻撃を確認', category: 'brute-force', indicators: [{ type: 'ip-src', value: '198.51.100.7' }], audience: { kind: 'orgs', orgIds: [w.named!.orgId, w.group!.orgId] } });
      const id = await obs().createObservation(w.author!, d, 5000);
      const got = await obs().getObservation(w.named!, id);
      expect(got).toEqual({ ...d, audience: { kind: 'orgs', orgIds: [w.named!.orgId] }, id, author: { anonymous: false, org: { id: w.author!.orgId, name: 'Aoba CSIRT' } }, mine: false, createdAt: 5000, updatedAt: 5000, read: false });
      const own = await obs().getObservation(w.author!, id);
      expect(own?.audience).toEqual({ kind: 'orgs', orgIds: [w.group!.orgId, w.named!.orgId].sort((a, b) => a - b) });
      expect((await obs().listObservations(w.named!, { indicator: '198.51.100.7', limit: 10 })).map((o) => o.id)).toEqual([id]);
      expect((await obs().listObservations(w.outsider!, { indicator: '198.51.100.7', limit: 10 })).map((o) => o.id)).toEqual([]);
      expect((await obs().listObservations(w.named!, { text: '総当たり', limit: 10 })).map((o) => o.id)).toEqual([id]);
      expect((await obs().listObservations(w.named!, { text: 'rdp brute', limit: 10 })).map((o) => o.id)).toEqual([id]);
      expect((await obs().listObservations(w.named!, { category: 'brute-force', limit: 10 })).map((o) => o.id)).toEqual([id]);
      expect((await obs().listObservations(w.named!, { text: '100%', limit: 10 })).map((o) => o.id)).toEqual([]);
      expect((await obs().listObservations(w.named!, { unanswered: true, category: 'brute-force', limit: 10 })).map((o) => o.id)).toEqual([id]);
      await obs().respond(w.named!, id, { kind: 'seen', seenAt: 5100, scale: '1-10', acted: null, use: 'watch', note: '', anonymous: false }, 5200);
      expect((await obs().listObservations(w.named!, { unanswered: true, category: 'brute-force', limit: 10 })).map((o) => o.id)).toEqual([]);
    });

    it('lets only the author org edit or delete', async () => {
      const id = await obs().createObservation(w.author!, draft({ anonymous: true }), 6000);
      for (const other of ['group', 'named', 'outsider', 'hubAdmin']) {
        expect(await obs().updateObservation(w[other]!, id, draft({ title: 'hijack' }), 6001)).toBe(false);
        expect(await obs().deleteObservation(w[other]!, id)).toBe(false);
      }
      expect((await obs().getObservation(w.author!, id))?.title).toBe('Telnet scanning up');
      expect(await obs().updateObservation(w.author!, id, draft({ title: 'edited', indicators: [] }), 6002)).toBe(true);
      const after = await obs().getObservation(w.author!, id);
      expect([after?.title, after?.indicators, after?.updatedAt]).toEqual(['edited', [], 6002]);
      expect(await obs().deleteObservation(w.author!, id)).toBe(true);
      expect(await obs().getObservation(w.author!, id)).toBeNull();
    });

    it('withholds the tally below k, shows the sender every answer, hides anonymous answerers', async () => {
      const id = await obs().createObservation(w.author!, draft(), 7000);
      const r = (kind: 'seen' | 'not-seen', anonymous = false) => ({ kind, seenAt: null, scale: null, acted: null, use: null, note: '', anonymous });
      await obs().respond(w.group!, id, r('seen', true), 7001);
      await obs().respond(w.named!, id, r('not-seen'), 7002);
      expect(await obs().responses(w.outsider!, id, 3)).toEqual({ responses: [], released: false, respondents: null, counts: null, needed: 3 });
      await obs().respond(w.outsider!, id, r('seen'), 7003);
      const outsider = await obs().responses(w.outsider!, id, 3);
      expect([outsider?.released, outsider?.respondents, outsider?.counts, outsider?.responses.map((x) => x.author.org?.name)]).toEqual([true, 3, { seen: 2, 'not-seen': 1, 'false-positive': 0, acted: 0 }, ['Umi ISAC']]);
      const sender = await obs().responses(w.author!, id, 3);
      expect(sender?.responses.map((x) => [x.kind, x.author.org?.name ?? 'a member'])).toEqual([['seen', 'a member'], ['not-seen', 'Sora ISP'], ['seen', 'Umi ISAC']]);
      expect(JSON.stringify(sender)).not.toContain('Kinu');
      // An answer changes, never counts twice.
      await obs().respond(w.outsider!, id, r('not-seen'), 7004);
      expect((await obs().responses(w.author!, id, 3))?.counts).toEqual({ seen: 1, 'not-seen': 2, 'false-positive': 0, acted: 0 });
      const red = await obs().createObservation(w.author!, draft({ tlp: 'red' }), 7005);
      expect(await obs().respond(w.named!, red, r('seen'), 7006)).toBe(false);
      expect(await obs().responses(w.named!, red, 3)).toBeNull();
    });

    it('threads comments, hiding anonymous commenters', async () => {
      const id = await obs().createObservation(w.author!, draft(), 8000);
      const c1 = await obs().comment(w.group!, id, { text: 'same here', parentId: null, anonymous: true }, 8001);
      const c2 = await obs().comment(w.author!, id, { text: 'thanks', parentId: c1, anonymous: false }, 8002);
      expect(await obs().comment(w.named!, id, { text: 'x', parentId: 999_999, anonymous: false }, 8003)).toBeNull();
      expect(await obs().comments(w.named!, id)).toEqual([
        { id: c1, parentId: null, text: 'same here', author: { anonymous: true, org: null }, mine: false, at: 8001 },
        { id: c2, parentId: c1, text: 'thanks', author: { anonymous: false, org: { id: w.author!.orgId, name: 'Aoba CSIRT' } }, mine: false, at: 8002 },
      ]);
      expect((await obs().comments(w.hubAdmin!, id))?.[0]?.author.org?.name).toBe('Kinu SOC');
    });

    it('aggregates question answers from k, names only those who chose it, refuses late or bad answers', async () => {
      const q = { text: 'Large-scale attacks from CN?', options: ['none', 'some', 'large-scale'], deadline: 10_000, tlp: 'green' as const, audience: { kind: 'community' } as Audience, anonymous: true, subject: { dimension: 'country' as const, key: 'CN' } };
      const id = await obs().createQuestion(w.author!, q, 9000);
      expect(await obs().answerQuestion(w.group!, id, 0, false, 9001)).toBe('ok');
      expect(await obs().answerQuestion(w.named!, id, 2, true, 9002)).toBe('ok');
      const early = await obs().getQuestion(w.outsider!, id, 3);
      expect(early?.result).toEqual({ released: false, respondents: null, counts: null, needed: 3, named: [] });
      expect(early?.author).toEqual({ anonymous: true, org: null });
      expect(early?.subject).toEqual({ dimension: 'country', key: 'CN' });
      expect(await obs().answerQuestion(w.outsider!, id, 3, false, 9003)).toBe('bad_option');
      expect(await obs().answerQuestion(w.outsider!, id, 0, false, 10_001)).toBe('closed');
      expect(await obs().answerQuestion(w.outsider!, id, 0, false, 9004)).toBe('ok');
      const released = await obs().getQuestion(w.outsider!, id, 3);
      expect([released?.result, released?.myAnswer]).toEqual([{ released: true, respondents: 3, counts: [2, 0, 1], needed: 3, named: [{ org: 'Sora ISP', option: 2 }] }, 0]);
      const redQ = await obs().createQuestion(w.author!, { ...q, tlp: 'red', subject: null }, 9005);
      expect((await obs().getQuestion(w.author!, redQ, 3))?.subject).toBeNull();
      expect(await obs().answerQuestion(w.named!, redQ, 0, false, 9006)).toBe('not_found');
      expect((await obs().listQuestions(w.named!, 3, 10)).map((x) => x.id)).toEqual([id]);
    });

    it('keeps a room’s board, timeline and event log behind the read rule', async () => {
      const room = await obs().createRoom(w.author!, { title: 'VPN appliance 0-day', description: '', tlp: 'amber', audience: { kind: 'group', groupId }, severity: 'high', anonymous: false }, 11_000);
      expect(await obs().getRoom(w.named!, room)).toBeNull();
      expect(await obs().board(w.named!, room)).toBeNull();
      expect(await obs().setStatus(w.named!, room, { status: 'affected', note: '', anonymous: false }, 11_001)).toBe(false);
      expect(await obs().post(w.named!, room, { text: 'x', indicators: [], anonymous: false }, 11_001)).toBeNull();
      expect(await obs().roomEvents(w.named!, room, 0, 100)).toBeNull();
      expect(await obs().setStatus(w.group!, room, { status: 'affected', note: 'blocked 203.0.113.5', anonymous: true }, 11_002)).toBe(true);
      expect(await obs().setStatus(w.author!, room, { status: 'investigating', note: '', anonymous: false }, 11_003)).toBe(true);
      const postId = await obs().post(w.group!, room, { text: 'IoC attached', indicators: [{ type: 'ip-dst', value: '203.0.113.5' }], anonymous: true }, 11_004);
      const board = await obs().board(w.author!, room);
      expect(board).toEqual({
        counts: { 'not-affected': 0, investigating: 1, affected: 1, contained: 0, recovered: 0 },
        lines: [
          { status: 'investigating', note: '', author: { anonymous: false, org: { id: w.author!.orgId, name: 'Aoba CSIRT' } }, mine: true, at: 11_003 },
          { status: 'affected', note: 'blocked 203.0.113.5', author: { anonymous: true, org: null }, mine: false, at: 11_002 },
        ],
      });
      expect(await obs().setRoomState(w.group!, room, 'closed', 11_005)).toBe(false);
      expect(await obs().setRoomState(w.author!, room, 'monitoring', 11_006)).toBe(true);
      const events = (await obs().roomEvents(w.group!, room, 0, 100))!;
      expect(events.map((e) => e.kind)).toEqual(['room', 'status', 'status', 'post', 'room']);
      const resumed = (await obs().roomEvents(w.group!, room, events[2]!.id, 100))!;
      expect(resumed.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
      expect(resumed[0]).toEqual({ id: events[3]!.id, kind: 'post', post: { id: postId, roomId: room, text: 'IoC attached', indicators: [{ type: 'ip-dst', value: '203.0.113.5' }], author: { anonymous: true, org: { id: w.group!.orgId, name: 'Kinu SOC' } }, mine: true, at: 11_004 } });
      expect(JSON.stringify(await obs().roomEvents(w.author!, room, 0, 100))).not.toContain('Kinu');
      expect((await obs().listRooms(w.group!, 10)).map((r) => [r.id, r.state])).toEqual([[room, 'monitoring']]);
      expect(await obs().listRooms(w.named!, 10)).toEqual([]);
    });

    it('lets only the group owner or a hub admin change membership', async () => {
      expect(await obs().setGroupMember(w.group!, groupId, w.outsider!.orgId, true)).toBe(false);
      expect(await obs().setGroupMember(w.author!, groupId, w.named!.orgId, true)).toBe(true);
      expect((await obs().listGroups(w.named!)).map((g) => [g.name, g.memberCount, g.joined])).toEqual([['IoT WG', 3, true]]);
      expect(await obs().listGroups(w.outsider!)).toEqual([]);
      expect(await obs().setGroupMember(w.hubAdmin!, groupId, w.named!.orgId, false)).toBe(true);
      expect(await obs().listGroups(w.named!)).toEqual([]);
    });
    it('queues one outbox row per change in its own transaction, leases it, and adds each in-app notification once', async () => {
      // Real users: subscribers are joined to their current organisation and role.
      const u = async (login: string, who: StoreWriter) => (await env.storage.hub.createUser({ login, orgId: who.orgId, role: who.role, passwordHash: null })).id;
      const users = [await u('ob-a', w.group!), await u('ob-b', w.named!), await u('ob-c', w.outsider!)];
      for (const id of users) expect(await obs().subscribe({ ...w.group!, userId: id }, { kind: 'observations' }, { email: true, webhook: false }, 1)).toBe(true);
      // Rows queued by the earlier tests are taken out of the way first.
      for (let e = await obs().claimOutbox(20_000, 100, 1); e.length > 0; e = await obs().claimOutbox(20_000, 100, 1)) for (const x of e) await obs().advanceOutbox(x.id, [], 0, true, 20_000);
      expect(await obs().outboxBacklog()).toBe(0);

      const id = await obs().createObservation(w.author!, draft({ title: 'outbox item' }), 30_000);
      const room = await obs().createRoom(w.author!, { title: 'outbox room', description: '', tlp: 'green', audience: { kind: 'community' }, severity: 'low', anonymous: false }, 30_001);
      const postId = (await obs().post(w.group!, room, { text: 'p', indicators: [], anonymous: false }, 30_002))!;
      await obs().setStatus(w.named!, room, { status: 'affected', note: '', anonymous: false }, 30_003);
      await obs().setRoomState(w.author!, room, 'monitoring', 30_004);
      expect(await obs().outboxBacklog()).toBe(4);
      const taken = await obs().claimOutbox(30_010, 10, 1000);
      const events = (await obs().roomEvents(w.author!, room, 0, 10))!.map((e) => e.id);
      expect(taken.map(({ id: _id, ...rest }) => rest)).toEqual([
        { key: `obs:${id}`, kind: 'observation', itemId: id, change: null, refId: null, actorUserId: w.author!.userId, createdAt: 30_000, afterUserId: 0, attempts: 0 },
        { key: `room:${room}:post:${events[1]}`, kind: 'room', itemId: room, change: 'post', refId: postId, actorUserId: w.group!.userId, createdAt: 30_002, afterUserId: 0, attempts: 0 },
        { key: `room:${room}:status:${events[2]}`, kind: 'room', itemId: room, change: 'status', refId: null, actorUserId: w.named!.userId, createdAt: 30_003, afterUserId: 0, attempts: 0 },
        { key: `room:${room}:state:${events[3]}`, kind: 'room', itemId: room, change: 'state', refId: null, actorUserId: w.author!.userId, createdAt: 30_004, afterUserId: 0, attempts: 0 },
      ]);
      // Leased: not taken again until the lease ends, then taken again (a hub that died mid-row).
      expect(await obs().claimOutbox(31_009, 10, 1000)).toEqual([]);
      expect((await obs().claimOutbox(31_010, 10, 1000)).map((e) => e.id)).toEqual(taken.map((e) => e.id));

      // Subscribers are paged by user id; a page processed twice adds its notifications once.
      const [e] = taken;
      const page1 = await obs().subscribers({ kind: 'observations' }, { afterUserId: 0, limit: 2 });
      expect(page1.map((s) => [s.userId, s.orgId, s.email])).toEqual([[users[0], w.group!.orgId, true], [users[1], w.named!.orgId, true]]);
      expect((await obs().subscribers({ kind: 'observations' }, { afterUserId: users[1]!, limit: 2 })).map((s) => s.userId)).toEqual([users[2]]);
      const notes = page1.map((s) => ({ userId: s.userId, kind: 'observation' as const, itemId: id, roomEventId: null, at: 30_000, dedupKey: e!.key }));
      await obs().advanceOutbox(e!.id, notes, users[1]!, false, 32_000);
      await obs().advanceOutbox(e!.id, notes, users[1]!, false, 32_000);
      const [again] = await obs().claimOutbox(32_000, 1, 1000);
      expect([again!.id, again!.afterUserId]).toEqual([e!.id, users[1]]);
      await obs().advanceOutbox(e!.id, [], users[2]!, true, 32_001);
      const mine = (user: number, who: StoreWriter) => obs().notifications({ ...who, userId: user }, 10);
      expect((await mine(users[0]!, w.group!)).map((n) => [n.kind, n.itemId, n.title, n.at])).toEqual([['observation', id, 'outbox item', 30_000]]);
      expect((await mine(users[1]!, w.named!)).map((n) => n.itemId)).toEqual([id]);
      expect(await mine(users[2]!, w.outsider!)).toEqual([]);

      // A failed row waits for its retry time and counts the attempt.
      const rest = await obs().claimOutbox(40_000, 10, 1000);
      expect(rest.map((x) => x.key)).toEqual(taken.slice(1).map((x) => x.key));
      await obs().failOutbox(rest[0]!.id, 'boom', 50_000);
      for (const x of rest.slice(1)) await obs().advanceOutbox(x.id, [], 0, true, 40_001);
      expect(await obs().claimOutbox(49_999, 10, 1000)).toEqual([]);
      expect((await obs().claimOutbox(50_000, 10, 1000)).map((x) => [x.key, x.attempts])).toEqual([[rest[0]!.key, 1]]);
      expect(await obs().outboxBacklog()).toBe(1);
    });
  });
}
