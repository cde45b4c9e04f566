/**
 * Published figures against the colluding-members attack (real hub): three members alone report
 * 5555/tcp. The members-only report (hub k = 3) publishes it; two of the three subtract their own exact
 * counts from the published figure and must not get the third's exact count. The public report (k = 5)
 * withholds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundingStep } from '../../core/disclosure/perturb.ts';
import { paramsFor } from '../../core/disclosure/params.ts';
import type { ReportContent } from '../../core/reports/model.ts';
import { MEMBERS, startReportTestHub, type ReportTestHub } from './test-harness.ts';

const NOV = { kind: 'month', start: '2026-11-01' } as const;

describe('published figures resist subtraction by colluding members', () => {
  let t: ReportTestHub;
  beforeAll(async () => {
    t = await startReportTestHub({ seed: { loneMembers: 3, days: 40, fromMs: Date.UTC(2026, 9, 22) } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('two members knowing their own counts do not recover the third member exactly', async () => {
    const d = await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'en', audience: 'members' });
    const pub = await t.api('hubAdmin', 'POST', `/api/v1/reports/${d.json.report.id}/publish`, {});
    const ports = (pub.json.content as ReportContent).sections.flatMap((s) => s.tables).find((x) => x.id === 'top-ports')!;
    const fig = ports.rows.find((r) => r.citationId === '2026-11/members/top-ports/5555')!;
    expect(fig.status).toBe('published');

    const exact = t.rawPortEvents(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)).get(5555)!;
    expect([...exact.keys()]).toEqual(MEMBERS.slice(0, 3));
    const [a, b, c] = MEMBERS.slice(0, 3).map((m) => exact.get(m)!);
    const recovered = fig.value! - a! - b!;
    expect(recovered).not.toBe(c);
    // Not exact, yet the figure stays useful: within the published bound of the true total.
    const total = a! + b! + c!;
    expect(Math.abs(fig.value! - total)).toBeLessThanOrEqual(1.5 * roundingStep(total, paramsFor('members', 3)));

    // Every published port figure under the same attack (all members but one collude): none exact.
    const all = t.rawPortEvents(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1));
    const hits = ports.rows
      .filter((r) => r.status === 'published' && r.citationId !== '2026-11/members/top-ports/other')
      .filter((r) => {
        const m = all.get(Number(r.citationId.split('/').pop()))!;
        const [target, ...others] = [...m.values()];
        return r.value! - others.reduce((x, y) => x + y, 0) === target;
      });
    expect(hits.map((r) => r.citationId)).toEqual([]);

    // The public report (k = 5) withholds the three-member figure, and the CSV behind its chart too.
    const pubD = await t.api('hubAdmin', 'POST', '/api/v1/reports', { period: NOV, lang: 'en', audience: 'public' });
    await t.api('hubAdmin', 'POST', `/api/v1/reports/${pubD.json.report.id}/publish`, {});
    const csv = await t.api('anon', 'GET', '/api/v1/reports/data/2026-11/public/top-ports.csv');
    expect(csv.text).not.toContain('5555');
    expect(csv.text).toMatch(/^2026-11\/public\/top-ports\/other,Other,suppressed,,/m);
  });
});
