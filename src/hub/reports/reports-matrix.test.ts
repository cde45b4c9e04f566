/**
 * Who may read and write reports (real hub, real HTTP): role × TLP × state × path for reads, role ×
 * action for writes. Reports belong to the hub: only hub admins write; the store's read rule decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReportTestHub, type ReportTestHub, type Who } from './test-harness.ts';

const NOV = { kind: 'month', start: '2026-11-01' } as const;
const WHO: Who[] = ['anon', 'analyst', 'memberAdmin', 'hubAdmin'];

describe('report read and write matrix', () => {
  let t: ReportTestHub;
  const ids = { clearDraft: 0, greenDraft: 0, clearPublished: 0, greenPublished: 0 };
  beforeAll(async () => {
    t = await startReportTestHub({ seed: { days: 40, fromMs: Date.UTC(2026, 9, 22) } });
    const mk = async (audience: 'public' | 'members', publish: boolean) => {
      const r = await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'ja', audience });
      if (publish) await t.api('hubAdmin', 'POST', `/api/v1/reports/${r.json.report.id}/publish`, {});
      return r.json.report.id as number;
    };
    ids.clearPublished = await mk('public', true);
    ids.greenPublished = await mk('members', true);
    ids.clearDraft = await mk('public', false);
    ids.greenDraft = await mk('members', false);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reads: drafts to hub admins only; published GREEN to signed-in members; published CLEAR to anyone', async () => {
    const paths = (id: number) => ({ get: `/api/v1/reports/${id}`, html: `/api/v1/reports/${id}/report.html`, versions: `/api/v1/reports/${id}/versions` });
    const expected: Record<keyof typeof ids, Record<Who, number>> = {
      clearDraft: { anon: 404, analyst: 404, memberAdmin: 404, hubAdmin: 200 },
      greenDraft: { anon: 404, analyst: 404, memberAdmin: 404, hubAdmin: 200 },
      clearPublished: { anon: 200, analyst: 200, memberAdmin: 200, hubAdmin: 200 },
      greenPublished: { anon: 401, analyst: 200, memberAdmin: 200, hubAdmin: 200 },
    };
    const got: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const [name, id] of Object.entries(ids) as Array<[keyof typeof ids, number]>) {
      for (const [path, url] of Object.entries(paths(id))) {
        for (const who of WHO) {
          (got[`${name} ${path}`] ??= {})[who] = (await t.api(who, 'GET', url)).status;
          (want[`${name} ${path}`] ??= {})[who] = expected[name][who];
        }
      }
    }
    // The data permalinks exist for published versions only.
    for (const [name, cid] of [['clear data', '2026-11/public/top-ports'], ['green data', '2026-11/members/top-ports']] as const) {
      for (const who of WHO) {
        (got[name] ??= {})[who] = (await t.api(who, 'GET', `/api/v1/reports/data/${cid}.json`)).status;
        (want[name] ??= {})[who] = name === 'green data' && who === 'anon' ? 401 : 200;
      }
    }
    expect(got).toEqual(want);
    const listed = async (who: Who) => ((await t.api(who, 'GET', '/api/v1/reports')).json.reports as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b);
    expect(await listed('anon')).toEqual([ids.clearPublished]);
    expect(await listed('analyst')).toEqual([ids.clearPublished, ids.greenPublished]);
    expect(await listed('memberAdmin')).toEqual([ids.clearPublished, ids.greenPublished]);
    expect(await listed('hubAdmin')).toEqual(Object.values(ids).sort((a, b) => a - b));
  });

  it('writes: hub admins only (create, edit, publish, correct)', async () => {
    const actions = async (who: Who) => {
      const draft = (await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'en', audience: 'public' })).json.report.id as number;
      const create = (await t.api(who, 'POST', '/api/v1/reports', { period: NOV, lang: 'en', audience: 'members' })).status;
      const edit = (await t.api(who, 'PATCH', `/api/v1/reports/${draft}/sections/situation`, { title: 'x' })).status;
      const publish = (await t.api(who, 'POST', `/api/v1/reports/${draft}/publish`, {})).status;
      const correct = (await t.api(who, 'POST', `/api/v1/reports/${ids.clearPublished}/corrections`, {})).status;
      return { create, edit, publish, correct };
    };
    expect({
      anon: await actions('anon'),
      analyst: await actions('analyst'),
      memberAdmin: await actions('memberAdmin'),
      hubAdmin: await actions('hubAdmin'),
    }).toEqual({
      anon: { create: 401, edit: 401, publish: 401, correct: 401 },
      analyst: { create: 403, edit: 403, publish: 403, correct: 403 },
      memberAdmin: { create: 403, edit: 403, publish: 403, correct: 403 },
      hubAdmin: { create: 201, edit: 200, publish: 200, correct: 201 },
    });
    // Every report write in the audit log is the hub admin's: refused ones left nothing.
    const audit = (await t.hub.ctx.store.listAudit(1000)).filter((e) => e.action.startsWith('report-'));
    expect(new Set(audit.map((e) => e.actorOrg))).toEqual(new Set(['Hub Operator']));
    expect(audit.filter((e) => e.action === 'report-published').length).toBe(3);
  });
});
