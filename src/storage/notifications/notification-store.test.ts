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
    expect(batch).toEqual({ ticket: expect.stringMatching(/^RK-\d{6}$/), tickets: [batch!.ticket], reports: 2, queued: 1 });
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

  it('keeps directives, splits a member\'s reports by its aggregation key, names opted-in reporters, records sent_at and post keys', async () => {
    o = await open();
    const s = await createSqlNotificationStore(o.runner);
    await s.setContact({ memberId: 1, email: 'noc@tsubaki.example', webhookUrl: null, webhookSecret: null, locale: 'en', interval: 'hourly', format: 'csv', aggregateBy: ['prefix', 'category', 'prefix'] }, 1);
    await s.setContact({ memberId: 2, email: null, webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'immediate', format: 'in-app', aggregateBy: [] }, 1);
    // Member 7 reports and opts in to be named; member 8 reports and does not.
    await s.setContact({ memberId: 7, email: null, webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily', nameAsReporter: true }, 1);
    expect(await s.getContact(1)).toEqual({ memberId: 1, email: 'noc@tsubaki.example', webhookUrl: null, webhookSecret: null, locale: 'en', interval: 'hourly', format: 'csv', aggregateBy: ['prefix', 'category'], nameAsReporter: false });
    expect(await s.getContact(7)).toMatchObject({ format: 'email-digest', aggregateBy: [], nameAsReporter: true });

    await s.stageReports({ source: 'sensor', reporterMemberId: 7, reports: [
      rep({ address: '8.8.8.1', category: 'scanner' }), rep({ address: '8.8.8.2', category: 'bruteforce' }),
      rep({ address: '8.8.4.1', claimId: 12, category: 'scanner' }), rep({ address: '8.8.8.3', category: 'scanner' }),
      rep({ memberId: 2, claimId: 22, address: '9.9.9.9' }),
    ] });
    await s.stageReports({ source: 'sensor', reporterMemberId: 8, reports: [rep({ address: '8.8.8.1', category: 'scanner' })] });
    await s.foldStaged();
    expect((await s.listReports({ kind: 'member', memberId: 1 })).map((r) => [r.address, r.reporterCount, r.namedReporterIds])).toEqual([
      ['8.8.8.1', 2, [7]], ['8.8.8.2', 1, [7]], ['8.8.4.1', 1, [7]], ['8.8.8.3', 1, [7]],
    ]);
    // The in-app member is due without a channel.
    expect(await s.membersDue(5000, INTERVALS)).toEqual([1, 2]);
    const group = (r: { claimId: number; category: string }) => `${r.claimId}/${r.category}`;
    const seen: string[][] = [];
    const out = await s.composeBatches([
      { memberId: 1, groupOf: group, idempotencyKey: (ch, t) => `k:${t}:${ch}`, render: (reports, ticket) => (seen.push(reports.map((r) => r.address)), [{ channel: 'email', target: 'noc@tsubaki.example', subject: ticket, body: reports.map((r) => r.address).join(' '), contentType: 'text/csv' }]) },
      { memberId: 2, idempotencyKey: (ch, t) => `k:${t}:${ch}`, render: () => [] },
    ], 5000);
    expect(seen).toEqual([['8.8.8.1', '8.8.8.3'], ['8.8.8.2'], ['8.8.4.1']]);
    const [t1, t2, t3] = out[0]!.tickets;
    expect(out.map((x) => x && { ...x, tickets: x.tickets.length })).toEqual([{ ticket: t1, tickets: 3, reports: 4, queued: 3 }, { ticket: out[1]!.ticket, tickets: 1, reports: 1, queued: 0 }]);
    const outbox = await s.listOutbox({ kind: 'member', memberId: 1 });
    expect(outbox.map((d) => [d.ticket, d.idempotencyKey, d.body, d.contentType])).toEqual([
      [t1, `k:${t1}:email`, '8.8.8.1 8.8.8.3', 'text/csv'], [t2, `k:${t2}:email`, '8.8.8.2', 'text/csv'], [t3, `k:${t3}:email`, '8.8.4.1', 'text/csv'],
    ]);
    // sent_at: the in-app ticket when composed, an e-mailed one when its delivery is accepted.
    expect((await s.listReports({ kind: 'member', memberId: 2 })).map((r) => [r.ticket, r.sentAt])).toEqual([[out[1]!.ticket, 5000]]);
    await s.markSent(outbox[1]!.id, 6000);
    expect((await s.listReports({ kind: 'member', memberId: 1 })).map((r) => [r.address, r.ticket, r.sentAt])).toEqual([
      ['8.8.8.1', t1, null], ['8.8.8.2', t2, 6000], ['8.8.4.1', t3, null], ['8.8.8.3', t1, null],
    ]);
    await s.markSent(outbox[1]!.id, 7000);
    expect((await s.listReports({ kind: 'member', memberId: 1 }))[1]!.sentAt).toBe(6000);

    // Post keys: claimed with the staging (one of two identical posts stages), answered later, pruned by age.
    const first = await s.stageReports({ source: 'agent', reporterMemberId: 7, reports: [rep({ address: '8.8.8.50' })] }, { idempotencyKey: 'm7:b1', at: 100 });
    const again = await s.stageReports({ source: 'agent', reporterMemberId: 7, reports: [rep({ address: '8.8.8.50' })] }, { idempotencyKey: 'm7:b1', at: 200 });
    expect([first.repeated, again]).toEqual([undefined, { batchId: 0, backlog: 1, repeated: true }]);
    expect(await s.claimIngestKey('m7:b1', 300)).toEqual({ reply: null });
    await s.saveIngestReply('m7:b1', '{"accepted":1}');
    expect(await s.claimIngestKey('m7:b1', 300)).toEqual({ reply: '{"accepted":1}' });
    expect(await s.claimIngestKey('m8:b1', 300)).toBeNull();
    expect(await s.pruneIngestKeys(250)).toBe(1);
    expect(await s.claimIngestKey('m7:b1', 400)).toBeNull();
  });
});
