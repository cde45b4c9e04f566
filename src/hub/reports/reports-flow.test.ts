/**
 * The report workflow over real HTTP on a real hub (SQLite): a draft from the seeded statistics of
 * November 2026 whose figures equal the statistics API's sums under the published noise, reviewer edits,
 * publication, immutability, a correction saying what changed, CSV/JSON permalinks, and the public
 * (no sign-in, Cache-Control) versus members-only reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perturb, roundingStep } from '../../core/disclosure/perturb.ts';
import { paramsFor } from '../../core/disclosure/params.ts';
import type { ReportContent, ReportTable } from '../../core/reports/model.ts';
import { reportSeeds } from './report-seed.ts';
import { startReportTestHub, TEST_SECRET, type ReportTestHub } from './test-harness.ts';

const NOV = { kind: 'month', start: '2026-11-01' } as const;
const seedFor = reportSeeds(TEST_SECRET);
const table = (c: ReportContent, id: string): ReportTable => c.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;

for (const db of ['sqlite', 'postgres'] as const) describe(`reports over HTTP (${db})`, () => {
  let t: ReportTestHub;
  beforeAll(async () => {
    t = await startReportTestHub({ db });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('builds a draft whose port figures are the statistics API sums of the period, protected', async () => {
    const created = await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'ja', audience: 'public' });
    expect(created.status).toBe(201);
    const c = created.json.content as ReportContent;
    expect(created.json.report).toMatchObject({ state: 'draft', version: null, tlp: 'CLEAR', periodCode: '2026-11', title: 'Renkei 脅威動向レポート 2026年11月' });
    expect(c.sections.map((s) => s.id)).toEqual(['situation', 'statistics', 'observations', 'search-activity', 'business-impact']);

    // The statistics API for the same period (day buckets, summed per port).
    const top = await t.api('analyst', 'GET', '/api/v1/stats/top?dimension=port&period=day&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&limit=100');
    expect(top.status).toBe(200);
    const api = new Map<string, number>();
    for (const b of top.json.buckets as Array<{ items: Array<{ key: string; events: number }> }>) for (const i of b.items) api.set(i.key, (api.get(i.key) ?? 0) + i.events);
    // The same sums straight from the seeded batches: the API is not the one thing being trusted.
    const raw = t.rawPortEvents(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1));
    for (const [port, m] of raw) if (m.size >= 3) expect(api.get(String(port))).toBe([...m.values()].reduce((a, b) => a + b, 0));

    const params = paramsFor('public', 5);
    const ports = table(c, 'top-ports');
    const rows = ports.rows.map((r) => [r.citationId, r.status, r.value]);
    const v = (port: number) => perturb(api.get(String(port))!, seedFor('2026-11'), `top-ports|${port}|2026-11`, params);
    expect(rows).toEqual([
      ['2026-11/public/top-ports/23', 'published', v(23)],
      ['2026-11/public/top-ports/22', 'published', v(22)],
      ['2026-11/public/top-ports/445', 'published', v(445)],
      ['2026-11/public/top-ports/3389', 'published', v(3389)],
      ['2026-11/public/top-ports/80', 'published', v(80)],
      ['2026-11/public/top-ports/8080', 'published', v(8080)],
      ['2026-11/public/top-ports/37215', 'published', v(37215)],
      ['2026-11/public/top-ports/1433', 'published', v(1433)],
      ['2026-11/public/top-ports/123', 'published', v(123)],
      // 5555/tcp comes from one member: it is inside "other", withheld; the smallest row is withheld too,
      // or total − rows would give it away.
      ['2026-11/public/top-ports/6379', 'suppressed_secondary', null],
      ['2026-11/public/top-ports/other', 'suppressed', null],
    ]);
    for (const port of [23, 22, 445]) {
      const exact = api.get(String(port))!;
      expect(Math.abs(v(port) - exact)).toBeLessThanOrEqual(1.5 * roundingStep(exact, params));
    }
    expect(ports.methodology.citation).toEqual({ ja: '出典：Renkei コミュニティ統計（2026年11月、会員6社・センサー6台）', en: 'Source: Renkei community statistics (November 2026, 6 members, 6 sensors)' });
    expect(ports.methodology.method).toContain('会員5社未満に由来する数値は非公表');
    // Telnet tripled in the last ten days: the situation quotes it.
    const total = ports.total!.value!.toLocaleString('en-US');
    expect(c.sections[0]!.paragraphs[0]).toBe(`2026年11月に会員6社・センサー6台が観測したイベントは${total}件で、最も多い宛先は23/TCP（${v(23).toLocaleString('en-US')}件）でした。`);
    expect(c.sections[0]!.paragraphs[1]).toMatch(/ポート 23\/TCP への活動はやや増加（大規模ではない）：過去3か月の中央値の\d\.\d倍（2026年11月は[\d,]+件）。/);

    // The same figures from the figures endpoint (hub admins), and nobody else may ask for them.
    const fig = await t.api('hubAdmin', 'GET', '/api/v1/reports/figures?kind=month&start=2026-11-01&audience=public&lang=ja');
    expect(table(fig.json as ReportContent, 'top-ports').rows).toEqual(ports.rows);
    expect((await t.api('memberAdmin', 'GET', '/api/v1/reports/figures?kind=month&start=2026-11-01')).status).toBe(403);
    expect((await t.api('anon', 'GET', '/api/v1/reports/figures?kind=month&start=2026-11-01')).status).toBe(401);
    // A period that has not ended is refused: its figures would change under the same noise.
    const far = await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: { kind: 'quarter', start: '2099-01-01' }, lang: 'ja', audience: 'public' });
    expect(far.json.error).toMatchObject({ code: 'validation_failed', details: { field: 'period' } });
    expect((await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: { kind: 'month', start: '2026-11-02' }, lang: 'ja', audience: 'public' })).json.error.code).toBe('validation_failed');
  });

  it('edits and removes sections, publishes once, keeps published versions immutable, and corrects with a new version', async () => {
    const d = (await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'en', audience: 'public' })).json;
    const id = d.report.id as number;
    const edit = await t.api('hubAdmin', 'PATCH', `/api/v1/reports/${id}/sections/situation`, { paragraphs: ['Telnet scanning tripled late in the month.'] });
    expect(edit.status).toBe(200);
    expect(edit.json.content.sections[0]).toMatchObject({ id: 'situation', paragraphs: ['Telnet scanning tripled late in the month.'], edited: true, removed: false });
    expect((await t.api('hubAdmin', 'PATCH', `/api/v1/reports/${id}/sections/search-activity`, { removed: true })).status).toBe(200);
    expect((await t.api('hubAdmin', 'PATCH', `/api/v1/reports/${id}/sections/nope`, { removed: true })).json.error.code).toBe('not_found');
    expect((await t.api('hubAdmin', 'PATCH', `/api/v1/reports/${id}/sections/situation`, {})).json.error.code).toBe('validation_failed');

    const pub = await t.api('hubAdmin', 'POST', `/api/v1/reports/${id}/publish`, {});
    expect(pub.status).toBe(200);
    expect(pub.json.report).toMatchObject({ state: 'published', version: 1, changeNote: null });
    expect((await t.api('hubAdmin', 'POST', `/api/v1/reports/${id}/publish`, {})).json.error.code).toBe('conflict');
    expect((await t.api('hubAdmin', 'PATCH', `/api/v1/reports/${id}/sections/situation`, { title: 'x' })).json.error.code).toBe('conflict');

    // Anyone reads a published CLEAR version without signing in, cacheably; removed sections are not cited.
    const anon = await t.api('anon', 'GET', `/api/v1/reports/${id}`);
    expect(anon.status).toBe(200);
    expect(anon.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(anon.json).toEqual(pub.json);
    const html = await t.api('anon', 'GET', `/api/v1/reports/${id}/report.html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('Source: Renkei community statistics (November 2026, 6 members, 6 sensors)');
    expect(html.text).toContain('出典：Renkei コミュニティ統計（2026年11月、会員6社・センサー6台）');
    expect(html.text).not.toContain('Cross-search activity');
    expect(html.text).toContain('<svg');
    const v23 = table(pub.json.content, 'top-ports').rows[0]!;
    const csv = await t.api('anon', 'GET', '/api/v1/reports/data/2026-11/public/top-ports.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\n').filter((l) => !l.startsWith('#'))[1]).toBe(`2026-11/public/top-ports/23,23/TCP,published,${v23.value},${v23.previous!.value},${v23.changePercent},events`);
    expect(csv.text).toContain('# Source: Renkei community statistics (November 2026, 6 members, 6 sensors)');
    const one = await t.api('anon', 'GET', '/api/v1/reports/data/2026-11/public/top-ports/23.json');
    expect(one.json).toMatchObject({ reportId: id, version: 1, kind: 'figure', figure: v23 });
    expect((await t.api('anon', 'GET', '/api/v1/reports/data/2026-11/public/search-activity.json')).status).toBe(404);

    // A correction: a new draft that must say what changed; version 1 stays as it was.
    const fix = await t.api('hubAdmin', 'POST', `/api/v1/reports/${id}/corrections`, {});
    expect(fix.status).toBe(201);
    expect(fix.json.report).toMatchObject({ state: 'draft', supersedes: id });
    const fixId = fix.json.report.id as number;
    await t.api('hubAdmin', 'PATCH', `/api/v1/reports/${fixId}/sections/situation`, { paragraphs: ['Telnet scanning tripled in the last ten days.'] });
    expect((await t.api('hubAdmin', 'POST', `/api/v1/reports/${fixId}/publish`, {})).json.error).toMatchObject({ code: 'validation_failed', details: { field: 'changeNote' } });
    const v2 = await t.api('hubAdmin', 'POST', `/api/v1/reports/${fixId}/publish`, { changeNote: 'Situation wording corrected.' });
    expect(v2.json.report).toMatchObject({ version: 2, supersedes: id, changeNote: 'Situation wording corrected.\nsection "Situation" text revised' });
    expect((await t.api('anon', 'GET', `/api/v1/reports/${id}`)).json).toEqual(pub.json);
    expect((await t.api('anon', 'GET', `/api/v1/reports/${fixId}/versions`)).json.versions.map((x: { id: number; version: number }) => [x.id, x.version])).toEqual([[id, 1], [fixId, 2]]);
    // Same period, same seed: the correction repeats every figure exactly.
    expect(table(v2.json.content, 'top-ports')).toEqual(table(pub.json.content, 'top-ports'));
    // A correction rebuilt from the data (nothing arrived late): same figures, and the reviewer's edits start over.
    const rebuilt = await t.api('hubAdmin', 'POST', `/api/v1/reports/${fixId}/corrections`, { rebuild: true });
    expect(rebuilt.status).toBe(201);
    expect(table(rebuilt.json.content, 'top-ports').rows).toEqual(table(pub.json.content, 'top-ports').rows);
    const v3 = await t.api('hubAdmin', 'POST', `/api/v1/reports/${rebuilt.json.report.id}/publish`, { changeNote: 'Rebuilt from the statistics.' });
    expect(v3.json.report).toMatchObject({ version: 3, supersedes: fixId, changeNote: [
        'Rebuilt from the statistics.',
        // The removed section is back: its figures appear as changes ("—" = not in the version before).
        '2026-11/public/search-activity/hit-values: — → 0',
        '2026-11/public/search-activity/searches: — → 0',
        '2026-11/public/search-activity/values: — → 0',
        'section "Situation" text revised',
        'section "Cross-search activity" restored',
      ].join('\n') });
  });

  it('serves members-only (GREEN) reports to signed-in members only, never cached publicly', async () => {
    const d = (await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'ja', audience: 'members' })).json;
    const id = d.report.id as number;
    await t.api('hubAdmin', 'POST', `/api/v1/reports/${id}/publish`, {});
    expect((await t.api('anon', 'GET', `/api/v1/reports/${id}`)).json.error.code).toBe('unauthenticated');
    expect((await t.api('anon', 'GET', `/api/v1/reports/${id}/report.pdf`)).status).toBe(401);
    expect((await t.api('anon', 'GET', '/api/v1/reports/data/2026-11/members/top-ports.json')).status).toBe(401);
    const m = await t.api('analyst', 'GET', `/api/v1/reports/${id}`);
    expect(m.status).toBe(200);
    expect(m.headers.get('cache-control')).toBe('private, no-store');
    expect(m.json.report.tlp).toBe('GREEN');
    // Members-only figures keep the hub's k (3): the same six members, another parameter set.
    expect(table(m.json.content, 'top-ports').methodology.method).toContain('会員3社未満');
  });
});
