/**
 * Contract suite of the ISP desk store on SQLite and PostgreSQL, over reports routed by the notification
 * store on the same database: write matrix of acknowledgements (own reports set, another member's skipped,
 * by id and by ticket), read matrix of notes (owner only), hosts per (registration, category, day), host
 * rows with filters, and reporters' outcomes as counts only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hubRunnerEngines, type OpenedRunner } from '../../testkit/hub-runners.ts';
import type { StagedReport } from '../notifications/port.ts';
import { createSqlNotificationStore } from '../notifications/sql-notification-store.ts';
import { createSqlIspDeskStore } from './sql-isp-desk-store.ts';

const DAY = 86_400_000;
const D0 = 20_000 * DAY;
const rep = (over: Partial<StagedReport> & { time?: number }): StagedReport => {
  const { time = D0 + 1000, ...rest } = over;
  return { memberId: 1, claimId: 11, address: '8.8.8.5', category: 'scanner', windowStart: Math.floor(time / DAY) * DAY, firstSeen: time, lastSeen: time, count: 1, evidence: {}, ...rest };
};

describe.each(hubRunnerEngines('isp-desk'))('ISP desk store on %s', (_engine, open) => {
  let o: OpenedRunner | undefined;
  afterEach(async () => {
    await o?.cleanup();
    o = undefined;
  });

  it('acknowledges only own reports, shows notes to the owner only, counts hosts per day and reporters\' outcomes', async () => {
    o = await open();
    const n = await createSqlNotificationStore(o.runner);
    const desk = await createSqlIspDeskStore(o.runner);
    // Member 1 (Tsubaki: claims 11 and 12), member 2 (Kinu: claim 21). Reporters 7 and 17 (ids that share digits).
    await n.stageReports({ source: 'sensor', reporterMemberId: 7, reports: [
      rep({ address: '8.8.8.1' }), rep({ address: '8.8.8.2' }), rep({ address: '8.8.8.2', category: 'bruteforce', count: 5 }),
      rep({ address: '8.8.8.1', time: D0 + DAY + 5 }), rep({ address: '8.8.4.4', claimId: 12, time: D0 + DAY + 9, count: 3 }),
      rep({ memberId: 2, claimId: 21, address: '9.9.9.9' }),
    ] });
    await n.stageReports({ source: 'sensor', reporterMemberId: 17, reports: [rep({ address: '8.8.8.3', time: D0 - 3 * DAY }), rep({ memberId: 2, claimId: 21, address: '9.9.9.8' })] });
    await n.foldStaged();
    const all = await n.listReports({ kind: 'hub-admin' });
    const id = (member: number, address: string, category = 'scanner', day = 0) => all.find((r) => r.memberId === member && r.address === address && r.category === category && r.windowStart === D0 + day * DAY)!.id;
    const composed = await n.composeBatch(1, D0 + 2 * DAY, (ch, t) => `${t}:${ch}`, () => []);

    // Write matrix: member 1 sets its own; member 1 naming member 2's report sets nothing; member 2 its own.
    const ack = { state: 'handling' as const, note: '顧客 A に連絡済み', by: 501, at: D0 + 3 * DAY };
    expect(await desk.acknowledge(1, [id(1, '8.8.8.1'), id(2, '9.9.9.9'), id(1, '8.8.8.2')], ack)).toEqual([id(1, '8.8.8.1'), id(1, '8.8.8.2')]);
    expect(await desk.acknowledge(1, [id(2, '9.9.9.9')], ack)).toEqual([]);
    expect(await desk.acknowledge(2, [id(2, '9.9.9.9')], { state: 'false-positive', note: 'NAT gateway', by: 601, at: D0 + 3 * DAY })).toEqual([id(2, '9.9.9.9')]);
    // By ticket: the member's own ticket holds all its reports; another member cannot use it.
    expect(await desk.ticketReports(2, composed!.ticket)).toEqual([]);
    const ticketIds = await desk.ticketReports(1, composed!.ticket);
    expect(ticketIds.length).toBe(6);
    expect(await desk.acknowledge(1, [id(1, '8.8.8.2')], { state: 'resolved', note: null, by: 502, at: D0 + 4 * DAY })).toEqual([id(1, '8.8.8.2')]);

    // Read matrix of host rows: the owner sees its notes, the hub admin the states only; filters by registration, category and day.
    const q = { since: D0 - 10 * DAY, limit: 100 };
    const view = (rows: Awaited<ReturnType<typeof desk.hosts>>) => rows.map((r) => [r.address, r.category, r.claimId, r.count, r.ticket === composed!.ticket, r.ack && [r.ack.state, r.ack.note]]);
    expect(view(await desk.hosts(1, { kind: 'member', memberId: 1 }, q))).toEqual([
      ['8.8.4.4', 'scanner', 12, 3, true, null], ['8.8.8.1', 'scanner', 11, 1, true, null],
      ['8.8.8.1', 'scanner', 11, 1, true, ['handling', '顧客 A に連絡済み']], ['8.8.8.2', 'scanner', 11, 1, true, ['resolved', null]],
      ['8.8.8.2', 'bruteforce', 11, 5, true, null], ['8.8.8.3', 'scanner', 11, 1, true, null],
    ]);
    expect(view(await desk.hosts(2, { kind: 'hub-admin' }, q))).toEqual([['9.9.9.9', 'scanner', 21, 1, false, ['false-positive', null]], ['9.9.9.8', 'scanner', 21, 1, false, null]]);
    // Another member as viewer of member 2's rows (never routed so by the service) still gets no notes.
    expect(view(await desk.hosts(2, { kind: 'member', memberId: 1 }, q))[0]![5]).toEqual(['false-positive', null]);
    expect(view(await desk.hosts(1, { kind: 'member', memberId: 1 }, { ...q, claimId: 11, category: 'scanner', day: D0 / DAY }))).toEqual([
      ['8.8.8.1', 'scanner', 11, 1, true, ['handling', '顧客 A に連絡済み']], ['8.8.8.2', 'scanner', 11, 1, true, ['resolved', null]],
    ]);
    expect(view(await desk.hosts(1, { kind: 'member', memberId: 1 }, { since: D0 + DAY, limit: 1 }))).toEqual([['8.8.4.4', 'scanner', 12, 3, true, null]]);

    // Hosts per (registration, category, day) since a time.
    expect(await desk.hostDays(1, D0 - DAY)).toEqual([
      { claimId: 11, category: 'bruteforce', day: D0 / DAY, hosts: 1, events: 5 },
      { claimId: 11, category: 'scanner', day: D0 / DAY, hosts: 2, events: 2 },
      { claimId: 11, category: 'scanner', day: D0 / DAY + 1, hosts: 1, events: 1 },
      { claimId: 12, category: 'scanner', day: D0 / DAY + 1, hosts: 1, events: 3 },
    ]);
    expect(await desk.hostDays(3, 0)).toEqual([]);

    // Reporters see counts by state over the reports they contributed to; 7 and 17 are told apart.
    expect(await desk.reporterOutcomes(7)).toEqual({ reports: 6, open: 3, received: 0, handling: 1, resolved: 1, 'false-positive': 1 });
    expect(await desk.reporterOutcomes(17)).toEqual({ reports: 2, open: 2, received: 0, handling: 0, resolved: 0, 'false-positive': 0 });
    expect(await desk.reporterOutcomes(1)).toEqual({ reports: 0, open: 0, received: 0, handling: 0, resolved: 0, 'false-positive': 0 });
  });
});
