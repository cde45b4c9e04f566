/**
 * Contract suite of the cases store, run on SQLite and PostgreSQL: every read and write is scoped to the
 * owning org in the query (another org's ids read as nothing and change nothing), notes are append-only,
 * tag changes keep their history, bulk host import keeps order and counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../hub/runner.ts';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import type { CaseStore, NewCase, NewHost } from './port.ts';
import { createSqlCaseStore } from './sql-case-store.ts';
import { repairPriority } from '../../core/cases/triage.ts';

const ORG = 1;
const OTHER = 2;
const damage = { annualRevenueYen: '30000000000', businessDays: 240, hoursPerDay: null, downtimeHoursOverride: null, impactOverride: null };
const newCase: NewCase = { title: 'Web defacement', description: 'd', severity: 'high', tlp: 'amber', pap: 'green', ownerUserId: 7, createdBy: 7, damage };
const task = (title: string) => ({ title, ownerUserId: null, dueAt: null, templateKey: null, fromNoteId: null });
const content = { subjective: 'S', objective: 'O', assessment: 'A', plan: ['P1'] };

const engines: Array<[string, () => Promise<{ runner: SqlRunner; cleanup(): Promise<void> }>]> = [
  ['sqlite', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-cases-'));
    const runner = sqliteRunner(path.join(dir, 'hub.db'));
    return { runner, cleanup: async () => (await runner.close(), rmSync(dir, { recursive: true, force: true })) };
  }],
  ['postgres', async () => {
    const schema = uniqueSchema('cases');
    const runner = postgresRunner(testPgUrl(), schema);
    return { runner, cleanup: async () => (await runner.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`), await runner.close()) };
  }],
];

describe.each(engines)('cases store on %s', (_name, open) => {
  let store: CaseStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const o = await open();
    cleanup = o.cleanup;
    store = createSqlCaseStore(o.runner);
    await store.migrate();
    await store.migrate(); // idempotent
  });
  afterAll(async () => cleanup?.());

  it('creates a case with its tasks and reads it back only in its org', async () => {
    const c = await store.createCase(ORG, newCase, [task('a'), task('b')], 1000);
    expect(c).toEqual({
      id: c.id, orgId: ORG, title: 'Web defacement', description: 'd', state: 'new', outcome: null, severity: 'high', tlp: 'amber', pap: 'green',
      ownerUserId: 7, createdBy: 7, createdAt: 1000, updatedAt: 1000, closedAt: null, damage, linkedRoomIds: [], linkedObservationIds: [], malwareFamilies: [],
    });
    expect(await store.getCase(ORG, c.id)).toEqual(c);
    expect(await store.getCase(OTHER, c.id)).toBeNull();
    expect((await store.listTasks(ORG, c.id)).map((t) => [t.title, t.state])).toEqual([['a', 'open'], ['b', 'open']]);
    expect(await store.listTasks(OTHER, c.id)).toEqual([]);
    expect((await store.listCases(ORG, {})).map((x) => x.id)).toContain(c.id);
    expect((await store.listCases(OTHER, {})).map((x) => x.id)).not.toContain(c.id);
    expect((await store.listCases(ORG, { state: 'closed' })).map((x) => x.id)).not.toContain(c.id);
  });

  it('changes nothing when another org aims at the case', async () => {
    const c = await store.createCase(ORG, newCase, [], 1000);
    const [t] = (await store.addTasks(ORG, c.id, [task('x')], 1100))!;
    const [h] = (await store.addHosts(ORG, c.id, [{ name: 'web01', address: '10.0.0.5', os: null, owner: 'sato', tag: 'red' }], 7, 'import', 1100))!;
    const note = (await store.addNote(ORG, c.id, content, { userId: 7, login: 'sato' }, [], 1100))!;
    const results = [
      await store.updateCase(OTHER, c.id, { title: 'pwned' }, 2000),
      await store.addTasks(OTHER, c.id, [task('y')], 2000),
      await store.updateTask(OTHER, c.id, t!.id, { state: 'done' }, 2000),
      await store.addTimelineEvent(OTHER, c.id, { occurredAt: '2026-12-01T09:00:00+09:00', occurredAtMs: 0, what: 'w', source: 's', outage: null, hostIds: [], indicators: [], createdBy: 9 }, 2000),
      await store.addHosts(OTHER, c.id, [{ name: 'evil', address: null, os: null, owner: null, tag: 'green' }], 9, 'x', 2000),
      await store.setHostTag(OTHER, c.id, h!, 'green', 'x', 9, 2000),
      await store.setHostPriority(OTHER, c.id, h!, 1, 2000),
      await store.addNote(OTHER, c.id, content, { userId: 9, login: 'mallory' }, [], 2000),
      await store.reviseNote(OTHER, c.id, note.id, content, { userId: 9, login: 'mallory' }, [], 2000),
    ];
    expect(results).toEqual([null, null, null, null, null, null, null, null, null]);
    const after = (await store.getCase(ORG, c.id))!;
    expect([after.title, after.updatedAt]).toEqual(['Web defacement', 1100]);
    expect([await store.listHosts(OTHER, c.id, {}), await store.listNotes(OTHER, c.id), await store.listTimeline(OTHER, c.id), await store.hostHistory(OTHER, c.id, h!)]).toEqual([[], [], [], []]);
    expect(await store.countHosts(OTHER, c.id)).toEqual({ black: 0, red: 0, yellow: 0, green: 0, untriaged: 0 });
    expect((await store.listHosts(ORG, c.id, {})).map((x) => [x.name, x.tag])).toEqual([['web01', 'red']]);
    expect((await store.listNotes(ORG, c.id)).map((n) => n.revisions.length)).toEqual([1]);
  });

  it('updates fields, closes and stores links as opaque references', async () => {
    const c = await store.createCase(ORG, newCase, [], 1000);
    const u = await store.updateCase(ORG, c.id, { state: 'closed', outcome: 'false_positive', closedAt: 3000, linkedRoomIds: ['room-9'], linkedObservationIds: ['obs-1', 'obs-2'], malwareFamilies: ['Emotet'], damage: { ...damage, businessDays: 250 } }, 3000);
    expect(u).toEqual({ ...c, state: 'closed', outcome: 'false_positive', closedAt: 3000, updatedAt: 3000, linkedRoomIds: ['room-9'], linkedObservationIds: ['obs-1', 'obs-2'], malwareFamilies: ['Emotet'], damage: { ...damage, businessDays: 250 } });
  });

  it('keeps tag history, counts, filters, priorities and a timeline in time order', async () => {
    const c = await store.createCase(ORG, newCase, [], 1000);
    const hosts = Array.from({ length: 1203 }, (_, i) => ({ name: `h${String(i).padStart(5, '0')}`, address: `10.0.${i >> 8}.${i & 255}`, os: 'Windows', owner: null, tag: (['black', 'red', 'yellow', 'green', 'untriaged'] as const)[i % 5]! }));
    const ids = (await store.addHosts(ORG, c.id, hosts, 7, 'CSV import', 1500))!;
    expect(ids.length).toBe(1203);
    const listed = await store.listHosts(ORG, c.id, {});
    expect(listed.map((h) => [h.id, h.name])).toEqual(hosts.map((h, i) => [ids[i], h.name]));
    expect(await store.countHosts(ORG, c.id)).toEqual({ black: 241, red: 241, yellow: 241, green: 240, untriaged: 240 });
    expect((await store.listHosts(ORG, c.id, { tag: 'black' })).length).toBe(241);
    const first = ids[0]!;
    expect((await store.setHostTag(ORG, c.id, first, 'red', 'overwrite ruled out', 8, 1600))?.tag).toBe('red');
    expect((await store.setHostPriority(ORG, c.id, first, 1, 1700))?.priority).toBe(1);
    expect(await store.hostHistory(ORG, c.id, first)).toEqual([
      { hostId: first, from: null, to: 'black', reason: 'CSV import', byUserId: 7, at: 1500 },
      { hostId: first, from: 'black', to: 'red', reason: 'overwrite ruled out', byUserId: 8, at: 1600 },
    ]);
    const ev = (ms: number, what: string) => ({ occurredAt: new Date(ms).toISOString(), occurredAtMs: ms, what, source: 'EDR', outage: null, hostIds: [first], indicators: ['198.51.100.7'], createdBy: 7 });
    await store.addTimelineEvent(ORG, c.id, ev(500, 'later'), 1800);
    await store.addTimelineEvent(ORG, c.id, { ...ev(100, 'earlier'), outage: 'start' }, 1800);
    expect((await store.listTimeline(ORG, c.id)).map((e) => [e.what, e.outage, e.hostIds, e.indicators])).toEqual([['earlier', 'start', [first], ['198.51.100.7']], ['later', null, [first], ['198.51.100.7']]]);
    const t = (await store.addTasks(ORG, c.id, [task('t')], 1900))![0]!;
    expect(await store.updateTask(ORG, c.id, t.id, { state: 'done', dueAt: 5000, ownerUserId: 8 }, 2000)).toEqual({ ...t, state: 'done', dueAt: 5000, ownerUserId: 8, updatedAt: 2000 });
    expect((await store.getCase(ORG, c.id))?.updatedAt).toBe(2000);
  });

  it('pages hosts by name and in repair order with keyset cursors, filters by tag and text, and bulk-tags', async () => {
    const c = await store.createCase(ORG, newCase, [], 1000);
    const other = await store.createCase(ORG, newCase, [], 1000);
    const tags = ['black', 'red', 'yellow', 'green', 'untriaged'] as const;
    // Names out of insertion order, a mixed-case one and LIKE wildcards in data, to prove order and escaping.
    const hosts: NewHost[] = Array.from({ length: 250 }, (_, i) => ({ name: `pc-${String((i * 37) % 250).padStart(3, '0')}`, address: `10.1.${i % 3}.${i}`, os: null, owner: null, tag: tags[i % 5]! }));
    hosts.push({ name: 'Web_50%', address: null, os: null, owner: null, tag: 'red' });
    const ids = (await store.addHosts(ORG, c.id, hosts, 7, 'import', 1100))!;
    await store.addHosts(ORG, other.id, [{ name: 'pc-000', address: null, os: null, owner: null, tag: 'red' }], 7, 'import', 1100);
    const byId = new Map(ids.map((id, i) => [id, hosts[i]!]));

    const walk = async (q: Omit<Parameters<CaseStore['pageHosts']>[2], 'after'>) => {
      const out: number[] = [];
      let after: Parameters<CaseStore['pageHosts']>[2]['after'] = null;
      for (let pages = 0; pages < 100; pages++) {
        const p = await store.pageHosts(ORG, c.id, { ...q, after });
        out.push(...p.hosts.map((h) => h.id));
        if (!p.next) return { ids: out, pages: pages + 1 };
        after = p.next;
      }
      throw new Error('no last page');
    };
    const expectedByName = [...ids].sort((a, b) => (byId.get(a)!.name < byId.get(b)!.name ? -1 : 1));
    expect(await walk({ order: 'name', limit: 40 })).toEqual({ ids: expectedByName, pages: 7 });
    // A page ending exactly at the last host says there is no next page.
    expect((await store.pageHosts(ORG, c.id, { order: 'name', limit: 251 })).next).toBeNull();
    expect((await walk({ order: 'name', limit: 7, tag: 'red' })).ids).toEqual(expectedByName.filter((id) => byId.get(id)!.tag === 'red'));
    const first = await store.pageHosts(ORG, c.id, { order: 'name', limit: 2 });
    expect([first.hosts.map((h) => h.name), first.next]).toEqual([['Web_50%', 'pc-000'], { order: 'name', name: 'pc-000', id: first.hosts[1]!.id }]);
    expect((await store.pageHosts(ORG, c.id, { order: 'name', limit: 10, text: 'web_5' })).hosts.map((h) => h.name)).toEqual(['Web_50%']);
    expect((await store.pageHosts(ORG, c.id, { order: 'name', limit: 10, text: '_' })).hosts.map((h) => h.name)).toEqual(['Web_50%']);
    expect((await store.pageHosts(ORG, c.id, { order: 'name', limit: 10, text: '%' })).hosts.map((h) => h.name)).toEqual(['Web_50%']);
    expect((await store.pageHosts(ORG, c.id, { order: 'name', limit: 300, text: '10.1.2.' })).hosts.length).toBe(83);
    expect(await store.countHosts(ORG, c.id, { text: '10.1.2.' })).toEqual({ black: 17, red: 16, yellow: 17, green: 17, untriaged: 16 });
    expect(await store.pageHosts(OTHER, c.id, { order: 'name', limit: 10 })).toEqual({ hosts: [], next: null });

    // Repair order is repairPriority's order over triaged hosts, manual places first.
    await store.setHostPriority(ORG, c.id, ids[3]!, 1, 1200);
    await store.setHostPriority(ORG, c.id, ids[8]!, 1, 1200);
    const all = await store.listHosts(ORG, c.id, {});
    expect((await walk({ order: 'repair', limit: 33 })).ids).toEqual(repairPriority(all).map((h) => h.id));
    // hosts[3] is pc-111 and hosts[8] pc-046 (both green): placed first, by name; then red by name.
    expect((await store.pageHosts(ORG, c.id, { order: 'repair', limit: 3 })).hosts.map((h) => [h.name, h.tag, h.priority])).toEqual([['pc-046', 'green', 1], ['pc-111', 'green', 1], ['Web_50%', 'red', null]]);

    // Bulk tag: only this org's case's hosts, history only for real changes.
    const target = [ids[0]!, ids[1]!, ids[4]!];
    expect(await store.setHostTags(OTHER, c.id, target, 'black', 'x', 9, 1300)).toEqual([]);
    expect(await store.setHostTags(ORG, c.id, [...target, 999_999, ids[0]!], 'black', 'same dropper', 8, 1300)).toEqual([...target].sort((a, b) => a - b));
    expect((await store.hostHistory(ORG, c.id, ids[0]!)).length).toBe(1); // was black already
    expect((await store.hostHistory(ORG, c.id, ids[4]!)).at(-1)).toEqual({ hostId: ids[4], from: 'untriaged', to: 'black', reason: 'same dropper', byUserId: 8, at: 1300 });
    expect(await store.existingHostIds(ORG, c.id, [ids[5]!, 999_999, ids[2]!])).toEqual([ids[2], ids[5]].sort((a, b) => a! - b!));
    expect(await store.existingHostIds(OTHER, c.id, [ids[5]!])).toEqual([]);
    const byCase = await store.countHostsByCase(ORG);
    expect([byCase.get(c.id), byCase.get(other.id)]).toEqual([
      { black: 52, red: 50, yellow: 50, green: 50, untriaged: 49 },
      { black: 0, red: 1, yellow: 0, green: 0, untriaged: 0 },
    ]);
    expect((await store.countHostsByCase(OTHER)).size).toBe(0);
  });

  it('keeps each org\'s own damage figures apart', async () => {
    expect(await store.getOrgSettings(ORG)).toBeNull();
    await store.setOrgSettings(ORG, { annualRevenueYen: '30000000000', businessDays: 240, hoursPerDay: null }, 7, 1000);
    await store.setOrgSettings(ORG, { annualRevenueYen: '31000000000', businessDays: 245, hoursPerDay: 7.5 }, 7, 1100);
    expect([await store.getOrgSettings(ORG), await store.getOrgSettings(OTHER)]).toEqual([{ annualRevenueYen: '31000000000', businessDays: 245, hoursPerDay: 7.5 }, null]);
  });

  it('keeps every revision of a note and its attachments by SHA-256', async () => {
    const c = await store.createCase(ORG, newCase, [], 1000);
    const file = { name: 'dropper.bin', sha256: 'a'.repeat(64), size: 3, contentBase64: 'AAEC' };
    const n = (await store.addNote(ORG, c.id, content, { userId: 7, login: 'sato' }, [file], 1100))!;
    const r = (await store.reviseNote(ORG, c.id, n.id, { ...content, assessment: 'A2' }, { userId: 8, login: 'kato' }, [], 1200))!;
    expect(r.revisions.map((x) => [x.revision, x.assessment, x.authorLogin, x.at, x.attachments])).toEqual([
      [1, 'A', 'sato', 1100, [{ name: 'dropper.bin', sha256: 'a'.repeat(64), size: 3 }]],
      [2, 'A2', 'kato', 1200, []],
    ]);
    expect(await store.listNotes(ORG, c.id)).toEqual([r]);
    expect(await store.getAttachment(ORG, c.id, file.sha256)).toEqual(file);
    expect(await store.getAttachment(OTHER, c.id, file.sha256)).toBeNull();
    expect(await store.reviseNote(ORG, c.id, 999_999, content, { userId: 7, login: 'sato' }, [], 1300)).toBeNull();
  });
});
