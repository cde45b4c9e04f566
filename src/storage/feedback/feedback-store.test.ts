/**
 * Contract suite of the hub feedback store on SQLite and PostgreSQL: repeated feedback counts once,
 * aggregates count distinct organisations per kind, owner reads carry the author label and no giving
 * organisation, and a searcher's own list holds only its own organisation's feedback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_MEMBER } from '../../core/feedback/feedback-author.ts';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../hub/runner.ts';
import { aggregateKey, type FeedbackStore, type NewFeedback } from './port.ts';
import { createSqlFeedbackStore } from './sql-feedback-store.ts';

const engines: Array<[string, () => Promise<{ runner: SqlRunner; cleanup(): Promise<void> }>]> = [
  ['sqlite', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-feedback-'));
    const runner = sqliteRunner(path.join(dir, 'hub.db'));
    return { runner, cleanup: async () => (await runner.close(), rmSync(dir, { recursive: true, force: true })) };
  }],
  ['postgres', async () => {
    const schema = uniqueSchema('feedback');
    const runner = postgresRunner(testPgUrl(), schema);
    return { runner, cleanup: async () => (await runner.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`), await runner.close()) };
  }],
];

const base: NewFeedback = { searchId: 's1', orgId: 1, userId: 10, memberId: 7, value: '45.2.0.1', type: 'ip-dst', attributeUuid: 'a-1', eventUuid: 'e-1', eventInfo: 'c2', kind: 'seen', comment: '', reveal: true, author: 'Alpha', at: 1000 };

describe.each(engines)('feedback store on %s', (_name, open) => {
  let store: FeedbackStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const o = await open();
    cleanup = o.cleanup;
    store = createSqlFeedbackStore(o.runner);
    await store.migrate();
    await store.migrate(); // idempotent
  });
  afterAll(async () => cleanup?.());

  it('records once per organisation, search, hit and kind, and aggregates distinct organisations', async () => {
    const first = await store.record([base, { ...base, attributeUuid: 'a-2', value: 'c2.example', type: 'domain' }]);
    expect(first.map((f) => [f.attributeUuid, f.relay, f.reveal])).toEqual([['a-1', 'pending', true], ['a-2', 'pending', true]]);
    // Again (a second "mark all as seen"), and the same org from another search: nothing new for the first.
    expect(await store.record([base])).toEqual([]);
    await store.record([{ ...base, searchId: 's2', at: 1100 }]);
    await store.record([{ ...base, orgId: 2, userId: 20, kind: 'false_positive', reveal: false, author: ANONYMOUS_MEMBER, comment: 'sinkhole', at: 1200 }]);
    await store.record([{ ...base, orgId: 3, userId: 30, at: 1300 }, { ...base, orgId: 3, userId: 30, kind: 'expired', at: 1300 }]);
    const agg = await store.aggregates([{ memberId: 7, attributeUuid: 'a-1' }, { memberId: 7, attributeUuid: 'a-2' }, { memberId: 8, attributeUuid: 'a-1' }, { memberId: 7, attributeUuid: 'a-1' }]);
    expect(Object.fromEntries(agg)).toEqual({
      [aggregateKey(7, 'a-1')]: { seen: 2, falsePositive: 1, expired: 1 },
      [aggregateKey(7, 'a-2')]: { seen: 1, falsePositive: 0, expired: 0 },
    });
  });

  it('gives owners the author label, never the giving organisation, per value and per event', async () => {
    const fp = (await store.listForOwner(7, { value: '45.2.0.1', limit: 10 })).find((f) => f.kind === 'false_positive')!;
    expect(fp).toEqual({ id: fp.id, searchId: 's1', memberId: 7, value: '45.2.0.1', type: 'ip-dst', attributeUuid: 'a-1', eventUuid: 'e-1', eventInfo: 'c2', kind: 'false_positive', comment: 'sinkhole', author: ANONYMOUS_MEMBER, relay: 'pending', at: 1200 });
    expect(Object.keys(fp)).not.toContain('orgId');
    expect((await store.listForOwner(7, { value: '45.2.0.1', limit: 10 })).map((f) => [f.author, f.kind, f.at])).toEqual([
      ['Alpha', 'expired', 1300],
      ['Alpha', 'seen', 1300],
      [ANONYMOUS_MEMBER, 'false_positive', 1200],
      ['Alpha', 'seen', 1100],
      ['Alpha', 'seen', 1000],
    ]);
    expect((await store.listForOwner(7, { value: 'c2.example', limit: 10 })).map((f) => f.attributeUuid)).toEqual(['a-2']);
    expect((await store.listForOwner(7, { eventUuid: 'e-9', limit: 10 }))).toEqual([]);
    expect((await store.listForOwner(7, { eventUuid: 'e-1', limit: 2 })).length).toBe(2);
    expect(await store.listForOwner(8, { limit: 10 })).toEqual([]);
    expect(await store.ownerTotals(7, 'value', 10)).toEqual([
      { key: '45.2.0.1', type: 'ip-dst', label: '', seen: 2, falsePositive: 1, expired: 1 },
      { key: 'c2.example', type: 'domain', label: '', seen: 1, falsePositive: 0, expired: 0 },
    ]);
    expect(await store.ownerTotals(7, 'event', 10)).toEqual([{ key: 'e-1', type: '', label: 'c2', seen: 2, falsePositive: 1, expired: 1 }]);
    expect(await store.ownerTotals(8, 'event', 10)).toEqual([]);
  });

  it('lists a searcher’s own feedback only and records where it went', async () => {
    const given = await store.listGiven(1, 's1');
    expect(given.map((f) => [f.attributeUuid, f.kind, f.orgId])).toEqual([['a-1', 'seen', 1], ['a-2', 'seen', 1]]);
    expect(await store.listGiven(2, 's2')).toEqual([]);
    await store.setRelay([given[0]!.id], 'kept');
    await store.setRelay([], 'relayed');
    expect((await store.listGiven(1, 's1')).map((f) => f.relay)).toEqual(['kept', 'pending']);
  });
});
