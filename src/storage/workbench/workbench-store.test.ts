/**
 * Contract suite of the workbench store on SQLite and PostgreSQL: labels and watches exist only for their
 * organisation, a watch is changed only by its owner or an organisation admin, a due watch is claimed once
 * (also by two claimers at once), a finished run records the owner's notification in the same step, and a
 * run of a watch deleted meanwhile records nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../hub/runner.ts';
import type { NewWatch, WorkbenchActor, WorkbenchStore } from './port.ts';
import { createSqlWorkbenchStore } from './sql-workbench-store.ts';

const engines: Array<[string, () => Promise<{ runner: SqlRunner; cleanup(): Promise<void> }>]> = [
  ['sqlite', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-workbench-'));
    const runner = sqliteRunner(path.join(dir, 'hub.db'));
    return { runner, cleanup: async () => (await runner.close(), rmSync(dir, { recursive: true, force: true })) };
  }],
  ['postgres', async () => {
    const schema = uniqueSchema('workbench');
    const runner = postgresRunner(testPgUrl(), schema);
    return { runner, cleanup: async () => (await runner.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`), await runner.close()) };
  }],
];

const alice: WorkbenchActor & { login: string } = { userId: 1, orgId: 10, role: 'analyst', login: 'alice' };
const bob: WorkbenchActor = { userId: 2, orgId: 10, role: 'analyst' };
const admin10: WorkbenchActor = { userId: 3, orgId: 10, role: 'member-admin' };
const other: WorkbenchActor & { login: string } = { userId: 4, orgId: 20, role: 'member-admin', login: 'olga' };
const hubAdmin: WorkbenchActor = { userId: 5, orgId: 30, role: 'hub-admin' };
const watch = (o: Partial<NewWatch> = {}): NewWatch => ({ orgId: 10, ownerUserId: 1, ownerLogin: 'alice', name: 'INC-1', values: ['a.example', '45.2.0.1'], intervalHours: 24, email: false, webhook: false, searchId: 's1', createdAt: 1000, nextRunAt: 5000, ...o });

describe.each(engines)('workbench store on %s', (_name, open) => {
  let store: WorkbenchStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const o = await open();
    cleanup = o.cleanup;
    store = createSqlWorkbenchStore(o.runner);
    await store.migrate();
    await store.migrate(); // idempotent
  });
  afterAll(async () => cleanup?.());

  it('keeps a label per organisation and search; another organisation sees none of it', async () => {
    expect(await store.setLabel(alice, 's1', { ticket: 'INC-4711', note: 'phishing wave' }, 100)).toEqual({ searchId: 's1', ticket: 'INC-4711', note: 'phishing wave', by: 'alice', updatedAt: 100 });
    await store.setLabel(alice, 's2', { ticket: 'INC-4712', note: '' }, 200);
    // The other organisation labels the same search id: its own label, not a change to alice's.
    await store.setLabel(other, 's1', { ticket: 'X', note: 'theirs' }, 300);
    expect((await store.labels(10)).map((l) => [l.searchId, l.ticket])).toEqual([['s2', 'INC-4712'], ['s1', 'INC-4711']]);
    expect((await store.labels(20)).map((l) => [l.searchId, l.ticket, l.by])).toEqual([['s1', 'X', 'olga']]);
    expect(await store.labels(30)).toEqual([]);
    expect((await store.labels(10, ['s1', 'nope'])).map((l) => l.note)).toEqual(['phishing wave']);
    await store.setLabel({ ...alice, userId: 2, login: 'bob' }, 's1', { ticket: 'INC-4711', note: 'second wave' }, 400);
    expect((await store.labels(10, ['s1']))[0]).toEqual({ searchId: 's1', ticket: 'INC-4711', note: 'second wave', by: 'bob', updatedAt: 400 });
    expect(await store.setLabel(alice, 's2', null, 500)).toBeNull();
    expect((await store.labels(10)).map((l) => l.searchId)).toEqual(['s1']);
    expect((await store.labels(20)).map((l) => l.note)).toEqual(['theirs']);
  });

  it('lets only the owner or an organisation admin change a watch, and only in its organisation', async () => {
    const w = await store.createWatch(watch());
    expect(w).toEqual({ id: w.id, orgId: 10, ownerUserId: 1, ownerLogin: 'alice', name: 'INC-1', values: ['a.example', '45.2.0.1'], intervalHours: 24, enabled: true, email: false, webhook: false, createdAt: 1000, nextRunAt: 5000, lastRunAt: null, lastSearchId: 's1', lastNewHits: null, lastError: null });
    expect((await store.listWatches(10)).map((x) => x.id)).toEqual([w.id]);
    expect(await store.listWatches(20)).toEqual([]);
    expect(await store.getWatch(20, w.id)).toBeNull();
    // Write matrix: owner yes, same-org analyst no, same-org admin yes, other org admin no, hub admin (own org) no.
    expect((await store.updateWatch(alice, w.id, { name: 'INC-1 (daily)' }))?.name).toBe('INC-1 (daily)');
    expect(await store.updateWatch(bob, w.id, { enabled: false })).toBeNull();
    expect((await store.updateWatch(admin10, w.id, { intervalHours: 6 }))?.intervalHours).toBe(6);
    expect(await store.updateWatch(other, w.id, { enabled: false })).toBeNull();
    expect(await store.updateWatch(hubAdmin, w.id, { enabled: false })).toBeNull();
    expect(await store.deleteWatch(bob, w.id)).toBe(false);
    expect(await store.deleteWatch(other, w.id)).toBe(false);
    expect(await store.deleteWatch(hubAdmin, w.id)).toBe(false);
    const now = (await store.getWatch(10, w.id))!;
    expect([now.name, now.intervalHours, now.enabled]).toEqual(['INC-1 (daily)', 6, true]);
    expect(await store.deleteWatch(alice, w.id)).toBe(true);
    expect(await store.getWatch(10, w.id)).toBeNull();
  });

  it('claims a due watch once, even with two claimers at once, and re-offers it after the lease', async () => {
    const a = await store.createWatch(watch({ nextRunAt: 5000 }));
    const b = await store.createWatch(watch({ nextRunAt: 9000 }));
    const paused = await store.createWatch(watch({ nextRunAt: 1000 }));
    await store.updateWatch(alice, paused.id, { enabled: false });
    const [one, two] = await Promise.all([store.claimDue(6000, 60_000, 10), store.claimDue(6000, 60_000, 10)]);
    expect([...one!, ...two!].map((w) => w.id)).toEqual([a.id]);
    expect(await store.claimDue(6000, 60_000, 10)).toEqual([]);
    // Nobody finished it: it comes back when the lease ends, with b.
    expect((await store.claimDue(60_000, 120_000, 10)).map((w) => w.id)).toEqual([a.id, b.id]);
    for (const w of [a, b, paused]) await store.deleteWatch(alice, w.id);
  });

  it('records a run and its notification in one step, for the owner only', async () => {
    const w = await store.createWatch(watch({ nextRunAt: 5000 }));
    await store.claimDue(5000, 50_000, 10);
    expect(await store.finishRun(w.id, 5000, 5000 + 86_400_000, { searchId: 's2', newHits: 3, notify: { previousId: 's1' } })).toBe(true);
    const after = (await store.getWatch(10, w.id))!;
    expect([after.lastRunAt, after.nextRunAt, after.lastSearchId, after.lastNewHits, after.lastError]).toEqual([5000, 5000 + 86_400_000, 's2', 3, null]);
    await store.finishRun(w.id, 6000, 7000, { searchId: 's3', newHits: 0, notify: null });
    await store.finishRun(w.id, 8000, 9000, { error: 'timeout' });
    const failed = (await store.getWatch(10, w.id))!;
    expect([failed.lastRunAt, failed.lastSearchId, failed.lastNewHits, failed.lastError]).toEqual([8000, 's3', 0, 'timeout']);
    const mine = await store.notifications(alice, 10);
    expect(mine).toEqual({ unseen: 1, notifications: [{ id: mine.notifications[0]!.id, watchId: w.id, watchName: 'INC-1', searchId: 's2', previousId: 's1', newHits: 3, at: 5000, seen: false }] });
    // Read matrix: the organisation's other users and other organisations hear nothing of it.
    expect(await store.notifications(bob, 10)).toEqual({ unseen: 0, notifications: [] });
    expect(await store.notifications({ ...other, userId: 1 }, 10)).toEqual({ unseen: 0, notifications: [] });
    await store.markSeen(bob, 1_000_000);
    expect((await store.notifications(alice, 10)).unseen).toBe(1);
    await store.markSeen(alice, mine.notifications[0]!.id);
    expect((await store.notifications(alice, 10)).notifications.map((n) => n.seen)).toEqual([true]);
    // Deleted while running: the run's end records nothing.
    await store.deleteWatch(alice, w.id);
    expect(await store.finishRun(w.id, 9000, 10_000, { searchId: 's4', newHits: 5, notify: { previousId: 's3' } })).toBe(false);
    expect((await store.notifications(alice, 10)).notifications).toEqual([]);
  });
});
