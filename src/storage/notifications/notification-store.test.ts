/**
 * Contract suite of the notification store on SQLite and PostgreSQL: dedup per (address, category, window),
 * the per-member read rule with reporters only counted, batches with tickets, outbox states and retries,
 * and a restart between "batch queued" and "sent" that resumes with the same idempotency key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hubRunnerEngines, type OpenedRunner } from '../../testkit/hub-runners.ts';
import type { ReportInput } from './port.ts';
import { createSqlNotificationStore } from './sql-notification-store.ts';

const DAY = 86_400_000;
const rep = (over: Partial<ReportInput>): ReportInput => ({ memberId: 1, claimId: 11, address: '8.8.8.5', category: 'scanner', windowStart: 0, time: 1000, evidence: { port: 23 }, source: 'feed:honeypot', reporterMemberId: null, ...over });
const INTERVALS = { immediate: 0, hourly: 3600_000, daily: DAY };

describe.each(hubRunnerEngines('notify-store'))('notification store on %s', (_engine, open) => {
  let o: OpenedRunner | undefined;
  afterEach(async () => {
    await o?.cleanup();
    o = undefined;
  });

  it('deduplicates, batches per member with a ticket, queues deliveries and resumes them after a restart', async () => {
    o = await open();
    const s = await createSqlNotificationStore(o.runner);
    await s.setContact({ memberId: 1, email: 'noc@aoba.example', webhookUrl: null, webhookSecret: null, locale: 'ja', interval: 'daily' }, 1);
    expect(await s.recordReports([
      rep({}),
      rep({ time: 5000, reporterMemberId: 7, source: 'observation' }),
      rep({ time: 6000, reporterMemberId: 7 }),
      rep({ windowStart: DAY, time: DAY + 1 }),
      rep({ memberId: 2, claimId: 22, address: '8.8.8.200', category: 'bruteforce' }),
    ])).toEqual(['new', 'duplicate', 'duplicate', 'new', 'new']);
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
    expect(await s.recordReports([rep({ time: 7000 })])).toEqual(['duplicate']);
    expect(await s.membersDue(10_000 + DAY, INTERVALS)).toEqual([]);
    // A new report waits for the daily interval.
    expect(await s.recordReports([rep({ address: '8.8.8.9' })])).toEqual(['new']);
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
});
