/**
 * Contract suite of the notification store on SQLite and PostgreSQL: dedup per (address, category, window),
 * the per-member read rule with reporters only counted, batches with tickets, outbox states and retries,
 * and a restart between "batch queued" and "sent" that resumes with the same idempotency key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hubRunnerEngines, type OpenedRunner } from '../../testkit/hub-runners.ts';
import { reportKey, type StagedReport } from './port.ts';
import { createSqlNotificationStore } from './sql-notification-store.ts';

const DAY = 86_400_000;
const rep = (over: Partial<StagedReport> & { time?: number }): StagedReport => {
  const { time = 1000, ...rest } = over;
  return { memberId: 1, claimId: 11, address: '8.8.8.5', category: 'scanner', windowStart: 0, firstSeen: time, lastSeen: time, count: 1, evidence: { port: 23 }, ...rest };
};
const INTERVALS = { immediate: 0, hourly: 3600_000, daily: DAY };

describe.each(hubRunnerEngines('notify-store'))('notification store on %s', (engine, open) => {
  let o: OpenedRunner | undefined;
  afterEach(async () => {
    await o?.cleanup();
    o = undefined;
  });

  it('deduplicates, batches per member with a ticket, queues deliveries and resumes them after a restart', async () => {
    o = await open();
    const s = await createSqlNotificationStore(o.runner);
    await s.setContact({ memberId: 1, email: 'noc@aoba.example', webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily' }, 1);
    const a = await s.stageReports({ source: 'feed:honeypot', reporterMemberId: null, reports: [
      rep({}), rep({ windowStart: DAY, time: DAY + 1 }), rep({ memberId: 2, claimId: 22, address: '8.8.8.200', category: 'bruteforce' }),
    ] });
    expect(a.backlog).toBe(3);
    // Staged is durable but not yet a report.
    expect(await s.listReports({ kind: 'hub-admin' })).toEqual([]);
    const f1 = await s.foldStaged({ newOf: a.batchId });
    expect({ ...f1, createdBy: [...f1.createdBy].sort() }).toEqual({ batches: 1, rows: 3, created: 3, merged: 0, createdBy: [reportKey(1, '8.8.8.5', 'scanner', 0), reportKey(1, '8.8.8.5', 'scanner', DAY), reportKey(2, '8.8.8.200', 'bruteforce', 0)] });
    // Two batches folded together merge in memory first, then into the existing report (new source, new reporter).
    const b = await s.stageReports({ source: 'observation', reporterMemberId: 7, reports: [rep({ time: 5000 })] });
    await s.stageReports({ source: 'feed:honeypot', reporterMemberId: 7, reports: [rep({ time: 6000 })] });
    expect(await s.stagedBacklog()).toBe(2);
    const f2 = await s.foldStaged({ newOf: b.batchId });
    expect({ ...f2, createdBy: [...f2.createdBy] }).toEqual({ batches: 2, rows: 2, created: 0, merged: 2, createdBy: [] });
    expect(await s.stagedBacklog()).toBe(0);
    expect((await s.foldStaged()).batches).toBe(0);
    const mine = await s.listReports({ kind: 'member', memberId: 1 });
    expect(mine.map((r) => [r.address, r.windowStart, r.count, r.firstSeen, r.lastSeen, r.sources, r.reporterCount, r.ticket])).toEqual([
      ['8.8.8.5', 0, 3, 1000, 6000, ['feed:honeypot', 'observation'], 1, null],
      ['8.8.8.5', DAY, 1, DAY + 1, DAY + 1, ['feed:honeypot'], 0, null],
    ]);
    expect(JSON.stringify(mine)).not.toContain('reporterMemberId');
    expect((await s.listReports({ kind: 'member', memberId: 2 })).map((r) => r.address)).toEqual(['8.8.8.200']);
    expect((await s.listReports({ kind: 'member', memberId: 3 }))).toEqual([]);
    expect((await s.listReports({ kind: 'hub-admin' })).length).toBe(3);

    // Member 2 has no contact: its reports stay in its inbox only.
    expect(await s.membersDue(10_000, INTERVALS)).toEqual([1]);
    const batch = await s.composeBatch(1, 10_000, (ch) => `key-${ch}`, (reports, ticket) => [{ channel: 'email', target: 'noc@aoba.example', subject: ticket, body: reports.map((r) => r.address).join(',') }]);
    expect(batch).toEqual({ ticket: expect.stringMatching(/^RK-\d{6}$/), reports: 2, queued: 1 });
    expect(await s.composeBatch(1, 10_001, (ch) => `again-${ch}`, () => [])).toBeNull();
    expect(await s.membersDue(10_002, INTERVALS)).toEqual([]);
    expect((await s.listReports({ kind: 'member', memberId: 1 })).map((r) => r.ticket)).toEqual([batch!.ticket, batch!.ticket]);
    // A later duplicate adds to the count and is not notified again.
    await s.stageReports({ source: 'feed:honeypot', reporterMemberId: null, reports: [rep({ time: 7000 })] });
    expect((await s.foldStaged()).merged).toBe(1);
    expect(await s.membersDue(10_000 + DAY, INTERVALS)).toEqual([]);
    // A new report waits for the daily interval.
    await s.stageReports({ source: 'feed:honeypot', reporterMemberId: null, reports: [rep({ address: '8.8.8.9' })] });
    expect((await s.foldStaged()).created).toBe(1);
    expect(await s.membersDue(10_003, INTERVALS)).toEqual([]);
    expect(await s.membersDue(10_000 + DAY, INTERVALS)).toEqual([1]);

    const due = await s.dueDeliveries(10_000, 10);
    expect(due.map((d) => [d.channel, d.target, d.ticket, d.idempotencyKey, d.state, d.attempts, d.body])).toEqual([['email', 'noc@aoba.example', batch!.ticket, 'key-email', 'pending', 0, '8.8.8.5,8.8.8.5']]);
    await s.markFailed(due[0]!.id, '451 try again', 20_000);
    expect(await s.dueDeliveries(19_999, 10)).toEqual([]);
    // Restart: a new runner on the same database sees the same pending row with the same key.
    const again = await createSqlNotificationStore(o.reopen());
    const resumed = await again.dueDeliveries(20_000, 10);
    expect(resumed.map((d) => [d.id, d.idempotencyKey, d.attempts, d.lastError])).toEqual([[due[0]!.id, 'key-email', 1, '451 try again']]);
    await again.markSent(due[0]!.id, 20_500);
    expect(await again.dueDeliveries(99_999, 10)).toEqual([]);
    expect((await again.listOutbox({ kind: 'member', memberId: 1 })).map((d) => [d.state, d.attempts, d.sentAt, d.lastError])).toEqual([['sent', 2, 20_500, null]]);
    expect(await again.listOutbox({ kind: 'member', memberId: 2 })).toEqual([]);
    await again.markFailed(due[0]!.id, 'x', null);
    expect((await again.listOutbox({ kind: 'hub-admin' }))[0]!.state).toBe('failed');
  });

  it('folds each staged batch exactly once: bounded folds, a restart before folding, two folds at the same time', async () => {
    o = await open();
    const s = await createSqlNotificationStore(o.runner);
    const addresses = Array.from({ length: 600 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    // 600 reports a batch: one full multi-row statement and a tail.
    for (let k = 0; k < 4; k++) await s.stageReports({ source: `feed:f${k}`, reporterMemberId: k === 3 ? 9 : null, reports: addresses.map((address) => rep({ address, time: 1000 + k })) });
    expect((await s.foldStaged({ maxRows: 1 }))).toMatchObject({ batches: 1, rows: 600, created: 600, merged: 0 });
    // A restarted store finds the rest staged; two stores fold concurrently and each batch counts once
    // (on SQLite, one process holds one writer connection, so the second store folds after the first).
    const other = await createSqlNotificationStore(o.reopen());
    const [x, y] = engine === 'postgres'
      ? await Promise.all([s.foldStaged({ maxRows: 600 }), other.foldStaged()])
      : [await s.foldStaged({ maxRows: 600 }), await other.foldStaged()];
    expect(x.batches + y.batches).toBe(3);
    expect(await s.foldStaged()).toMatchObject({ batches: 0, rows: 0 });
    const all = await s.listReports({ kind: 'hub-admin' });
    expect(all.length).toBe(600);
    expect(all.every((r) => r.count === 4 && r.firstSeen === 1000 && r.lastSeen === 1003 && r.reporterCount === 1)).toBe(true);
    expect(all[0]!.sources).toEqual(['feed:f0', 'feed:f1', 'feed:f2', 'feed:f3']);
    expect(all.map((r) => r.address)).toEqual(addresses);
    expect(await s.reportTotals()).toEqual({ reports: 600, events: 2400 });
  });
});
