/**
 * Contract suite of the report store, on SQLite and PostgreSQL through `openHubStorage` (the way a hub
 * opens it): drafts, immutable published versions, citation resolution and search activity, each read
 * under the three viewers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { openHubStorage, type HubStorage } from '../open-hub-storage.ts';
import type { NewDraft } from './port.ts';
import type { ObservationDraft } from '../../core/observations/model.ts';

const obsDraft = (over: Partial<ObservationDraft>): ObservationDraft => ({
  title: 't',
  body: 'b',
  language: 'ja',
  category: 'scanning',
  fiveW1H: { purpose: 'p', observedFrom: null, observedTo: null, timeZone: 'Asia/Tokyo', ports: [], signatureIds: [], sector: '', region: '', networkScope: '', detection: '', use: 'watch' },
  indicators: [],
  favours: ['speed', 'accuracy'],
  confidence: 'medium',
  tlp: 'green',
  audience: { kind: 'community' },
  anonymous: false,
  ...over,
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const draft = (over: Partial<NewDraft> = {}): NewDraft => ({
  supersedes: null,
  lang: 'ja',
  audience: 'public',
  periodKind: 'month',
  periodStart: '2026-11-01',
  periodCode: '2026-11',
  title: 'R 2026年11月',
  contentJson: '{"v":1}',
  createdBy: 1,
  createdAt: 1000,
  ...over,
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`report store on ${kind}`, () => {
    let storage: HubStorage;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      if (kind === 'sqlite') {
        const file = path.join(dir, `${uniqueSchema('rep')}.db`);
        storage = await openHubStorage(file);
        cleanup = () => storage.close();
      } else {
        const schema = uniqueSchema('rep');
        storage = await openHubStorage(testPgUrl(), { schema });
        cleanup = async () => {
          await storage.close();
          const c = new pg.Client({ connectionString: testPgUrl() });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        };
      }
    });
    afterEach(() => cleanup());

    it('keeps drafts to admins, publishes once, and never changes a published version', async () => {
      const r = storage.reports;
      const d = await r.createDraft(draft());
      expect(d).toEqual({ ...draft(), id: d.id, series: '2026-11/public/ja', state: 'draft', version: null, changeNote: null, publishedBy: null, publishedAt: null });
      expect([await r.get(d.id, 'public'), await r.get(d.id, 'member')]).toEqual([null, null]);
      expect(await r.updateDraft(d.id, 'R2', '{"v":2}')).toBe(true);
      const cits = [{ citationId: '2026-11/public/top-ports', json: '{"t":1}' }, { citationId: '2026-11/public/top-ports/23', json: '{"f":1}' }];
      const p = await r.publish(d.id, { by: 9, at: 5000, changeNote: null, citations: cits });
      expect(p).toEqual({ ...d, title: 'R2', contentJson: '{"v":2}', state: 'published', version: 1, publishedBy: 9, publishedAt: 5000 });
      expect(await r.publish(d.id, { by: 9, at: 6000, changeNote: null, citations: [] })).toBeNull();
      expect(await r.updateDraft(d.id, 'changed', '{}')).toBe(false);
      expect(await r.get(d.id, 'public')).toEqual(p);
      expect(await r.get(d.id, 'member')).toEqual(p);

      // A correction is a new version of the series that says what changed; the first stays as it was.
      const fix = await r.createDraft(draft({ supersedes: d.id, contentJson: '{"v":3}', createdAt: 7000 }));
      const p2 = await r.publish(fix.id, { by: 9, at: 8000, changeNote: '23/tcp corrected', citations: [{ citationId: '2026-11/public/top-ports/23', json: '{"f":2}' }] });
      expect(p2).toMatchObject({ version: 2, supersedes: d.id, changeNote: '23/tcp corrected' });
      expect((await r.versions('2026-11/public/ja', 'public')).map((v) => [v.id, v.version])).toEqual([[d.id, 1], [fix.id, 2]]);
      expect(await r.get(d.id, 'public')).toEqual(p);
      expect(await r.resolveCitation('2026-11/public/top-ports/23', 'public')).toEqual({ citationId: '2026-11/public/top-ports/23', reportId: fix.id, version: 2, json: '{"f":2}' });
      expect(await r.resolveCitation('2026-11/public/top-ports', 'public')).toEqual({ citationId: '2026-11/public/top-ports', reportId: d.id, version: 1, json: '{"t":1}' });
      expect(await r.resolveCitation('2026-11/public/nope', 'admin')).toBeNull();
    });

    it('shows members-only versions to members and admins only, drafts to admins only (list, get, citations)', async () => {
      const r = storage.reports;
      const pub = await r.publish((await r.createDraft(draft())).id, { by: 1, at: 10, changeNote: null, citations: [{ citationId: '2026-11/public/a', json: '1' }] });
      const green = await r.publish((await r.createDraft(draft({ audience: 'members' }))).id, { by: 1, at: 20, changeNote: null, citations: [{ citationId: '2026-11/members/a', json: '2' }] });
      const dr = await r.createDraft(draft({ audience: 'members', periodCode: '2026-12', periodStart: '2026-12-01' }));
      const ids = async (v: 'public' | 'member' | 'admin') => (await r.list(v, 50)).map((x) => x.id);
      expect([await ids('public'), await ids('member'), await ids('admin')]).toEqual([[pub!.id], [green!.id, pub!.id], [dr.id, green!.id, pub!.id]]);
      expect([await r.get(green!.id, 'public'), (await r.get(green!.id, 'member'))?.id, await r.get(dr.id, 'member'), (await r.get(dr.id, 'admin'))?.id]).toEqual([null, green!.id, null, dr.id]);
      expect([await r.resolveCitation('2026-11/members/a', 'public'), (await r.resolveCitation('2026-11/members/a', 'member'))?.json]).toEqual([null, '2']);
      expect(await r.versions('2026-11/members/ja', 'public')).toEqual([]);
    });

    it('counts finished searches per organisation in a period, never values', async () => {
      const h = storage.hub;
      const a = await h.ensureOrg('org-a');
      const b = await h.ensureOrg('org-b');
      const search = async (id: string, org: number, at: number, values: number, hits: number, finish = true) => {
        await h.startSearch({ id, orgId: org, userId: 1, createdAt: at, valueCount: values });
        if (finish) await h.finishSearch(id, hits, '{}');
      };
      await search('s1', a.id, 1_000, 10, 2);
      await search('s2', a.id, 1_500, 5, 0);
      await search('s3', b.id, 1_999, 7, 7);
      await search('s4', b.id, 2_000, 100, 50);
      await search('s5', b.id, 1_200, 3, 0, false);
      expect(await storage.reports.searchActivity(1_000, 2_000)).toEqual([
        { org: 'org-a', searches: 2, values: 15, hitValues: 2 },
        { org: 'org-b', searches: 1, values: 7, hitValues: 7 },
      ]);
    });

    it('counts community observations, rooms and abuse reports of a period per contributor, at the report TLP only', async () => {
      const o = storage.observations;
      const w = (orgId: number) => ({ orgId, role: 'analyst' as const, userId: 1 });
      const at = 10_000;
      await o.createObservation(w(1), obsDraft({ category: 'scanning', tlp: 'clear', audience: { kind: 'community' } }), at);
      await o.createObservation(w(1), obsDraft({ category: 'scanning', tlp: 'green', audience: { kind: 'community' } }), at + 1);
      await o.createObservation(w(2), obsDraft({ category: 'phishing', tlp: 'clear', audience: { kind: 'community' }, anonymous: true }), at + 2);
      await o.createObservation(w(2), obsDraft({ category: 'phishing', tlp: 'amber', audience: { kind: 'community' } }), at + 3);
      await o.createObservation(w(3), obsDraft({ category: 'phishing', tlp: 'clear', audience: { kind: 'orgs', orgIds: [1] } }), at + 4);
      await o.createObservation(w(3), obsDraft({ category: 'ddos', tlp: 'clear', audience: { kind: 'community' } }), 20_000);
      const r = storage.reports;
      expect(await r.observationActivity(10_000, 20_000, ['clear'])).toEqual([
        { contributor: '2', category: 'phishing', n: 1 },
        { contributor: '1', category: 'scanning', n: 1 },
      ]);
      expect(await r.observationActivity(10_000, 20_000, ['clear', 'green'])).toEqual([
        { contributor: '2', category: 'phishing', n: 1 },
        { contributor: '1', category: 'scanning', n: 2 },
      ]);
      const room = (orgId: number, severity: 'high' | 'low', tlp: 'clear' | 'green' | 'red', t: number) =>
        o.createRoom(w(orgId), { title: 'r', description: 'd', tlp, audience: { kind: 'community' }, severity, anonymous: false }, t);
      await room(1, 'high', 'clear', at);
      await room(2, 'high', 'green', at);
      const closed = await room(2, 'low', 'clear', at);
      await room(3, 'high', 'red', at);
      await o.setRoomState({ orgId: 2, role: 'member-admin' }, closed, 'closed', at + 10);
      expect(await r.roomActivity(0, 20_000, ['clear', 'green'])).toEqual([
        { contributor: '1', category: 'high', n: 1 },
        { contributor: '2', category: 'high', n: 1 },
        { contributor: '2', category: 'low', n: 1 },
      ]);
      expect(await r.openRooms(20_000, ['clear'])).toEqual([{ severity: 'high', n: 1 }]);
      // The closed room's outcome: each member's last status (a member that changed its status counts once).
      await o.setStatus(w(1), closed, { status: 'affected', note: '', anonymous: false }, at + 5);
      await o.setStatus(w(1), closed, { status: 'recovered', note: '', anonymous: false }, at + 6);
      await o.setStatus(w(3), closed, { status: 'not-affected', note: '', anonymous: true }, at + 6);
      expect(await r.roomOutcomes(at, at + 11, ['clear'])).toEqual([
        { contributor: '3', category: 'not-affected', n: 1 },
        { contributor: '1', category: 'recovered', n: 1 },
      ]);
      expect(await r.roomOutcomes(at, at + 10, ['clear'])).toEqual([]);
      expect(await r.roomOutcomes(at, at + 11, ['green'])).toEqual([]);
      const q = (orgId: number, tlp: 'clear' | 'green' | 'amber', t: number) => o.createQuestion(w(orgId), { text: 'seen this?', options: ['yes', 'no'], deadline: 99_000, tlp, audience: { kind: 'community' }, anonymous: true }, t);
      await q(1, 'clear', at);
      await q(1, 'green', at);
      await q(2, 'amber', at);
      await q(3, 'clear', 30_000);
      expect(await r.questionActivity(0, 20_000, ['clear'])).toEqual([{ contributor: '1', category: 'asked', n: 1 }]);
      expect(await r.questionActivity(0, 20_000, ['clear', 'green'])).toEqual([{ contributor: '1', category: 'asked', n: 2 }]);
      const n = storage.notifications;
      const rep = (memberId: number, address: string, category: string, time: number) => ({ memberId, claimId: 1, address, category, windowStart: 0, firstSeen: time, lastSeen: time, count: 1, evidence: {} });
      // Two batches, as two feed posts: the repeat of 192.0.2.1 merges into its report when folded.
      await n.stageReports({ source: 'feed:x', reporterMemberId: null, reports: [rep(7, '192.0.2.1', 'scanner', 1000), rep(7, '192.0.2.2', 'scanner', 1500), rep(8, '198.51.100.1', 'bot', 1200), rep(8, '198.51.100.2', 'bot', 5000)] });
      await n.stageReports({ source: 'feed:x', reporterMemberId: null, reports: [rep(7, '192.0.2.1', 'scanner', 1600)] });
      await n.foldStaged();
      expect(await r.notificationActivity(1000, 2000)).toEqual([
        { contributor: '8', category: 'bot', n: 1 },
        { contributor: '7', category: 'scanner', n: 2 },
      ]);
    });

    it('keeps the alert level as a dated, append-only change log, newest first', async () => {
      const r = storage.reports;
      expect(await r.alertLevels(10)).toEqual([]);
      const a = await r.setAlertLevel({ level: 'yellow', reason: 'telnet surge', setBy: 3, setAt: 1000 });
      const b = await r.setAlertLevel({ level: 'green', reason: 'back to normal', setBy: 4, setAt: 2000 });
      expect(await r.alertLevels(10)).toEqual([
        { id: b.id, level: 'green', reason: 'back to normal', setBy: 4, setAt: 2000 },
        { id: a.id, level: 'yellow', reason: 'telnet surge', setBy: 3, setAt: 1000 },
      ]);
      expect((await r.alertLevels(1)).map((x) => x.level)).toEqual(['green']);
    });
  });
}
