import { describe, expect, it } from 'vitest';
import { perturb } from '../disclosure/perturb.ts';
import { paramsFor } from '../disclosure/params.ts';
import { citationId, citationLine, isCitationId } from './citation.ts';
import { composeReport, type ComposeOptions } from './compose.ts';
import type { SectionInput } from './model.ts';
import { earlierPeriods, periodLabel, previousPeriod, resolvePeriod } from './period.ts';

const enc = new TextEncoder();
const seedFor = (code: string) => enc.encode(`test seed for period ${code}`);
const params = paramsFor('public', 3);
const nov = resolvePeriod({ kind: 'month', start: '2026-11-01' });
const history = earlierPeriods(nov, 3);
const each = (names: string, n: number) => Object.fromEntries([...names].map((m) => [m, n]));

const opts = (over: Partial<ComposeOptions> = {}): ComposeOptions => ({
  issuer: 'JP-ISAC',
  lang: 'en',
  audience: 'public',
  period: nov,
  history,
  seedFor,
  params,
  licence: { ja: 'CC BY 4.0', en: 'CC BY 4.0' },
  generatedAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

const stats: SectionInput = {
  kind: 'statistics',
  id: 'statistics',
  title: { ja: '統計', en: 'Statistics' },
  paragraphs: [],
  basis: { members: 7, sensors: 40 },
  tables: [
    {
      id: 'top-ports',
      title: { ja: '宛先ポート', en: 'Destination ports' },
      unit: { ja: '件', en: 'events' },
      countingRule: { ja: 'イベント数', en: 'events' },
      total: { ja: '合計', en: 'Total' },
      chart: true,
      deviations: true,
      rows: [
        { key: '23', label: { ja: '23/tcp', en: '23/tcp' }, subject: { ja: 'ポート 23/tcp への', en: 'on port 23/tcp' }, contributions: each('ABCDEF', 2000), history: [each('ABCDEF', 500), each('ABCDEF', 480), each('ABCDEF', 510)] },
        { key: '445', label: { ja: '445/tcp', en: '445/tcp' }, contributions: each('ABCDE', 300), history: [each('ABCDE', 290), each('ABCDE', 310), each('ABCDE', 300)] },
        { key: '8080', label: { ja: '8080/tcp', en: '8080/tcp' }, contributions: each('BCDEFG', 40), history: [{}, {}, {}] },
        { key: '9999', label: { ja: '9999/tcp', en: '9999/tcp' }, contributions: { G: 5000 }, history: [{}, {}, {}] },
      ],
    },
  ],
};
const situation: SectionInput = { kind: 'situation', id: 'situation', title: { ja: '概況', en: 'Situation' }, paragraphs: [{ ja: '今月の概況。', en: 'This month.' }], tables: [], basis: { members: 7, sensors: 40 } };

describe('periods', () => {
  it('resolves weeks, months and quarters to UTC ranges with stable codes', () => {
    expect(resolvePeriod({ kind: 'week', start: '2026-11-02' })).toEqual({ kind: 'week', start: '2026-11-02', from: Date.UTC(2026, 10, 2) / 1000, to: Date.UTC(2026, 10, 9) / 1000, code: '2026-W45' });
    expect(nov).toEqual({ kind: 'month', start: '2026-11-01', from: Date.UTC(2026, 10, 1) / 1000, to: Date.UTC(2026, 11, 1) / 1000, code: '2026-11' });
    expect(resolvePeriod({ kind: 'quarter', start: '2026-10-01' }).code).toBe('2026-Q4');
    expect(previousPeriod(resolvePeriod({ kind: 'quarter', start: '2026-01-01' })).code).toBe('2025-Q4');
    expect(previousPeriod(resolvePeriod({ kind: 'week', start: '2027-01-04' })).code).toBe('2026-W53');
    expect(history.map((h) => h.code)).toEqual(['2026-10', '2026-09', '2026-08']);
    expect([periodLabel(nov, 'ja'), periodLabel(nov, 'en')]).toEqual(['2026年11月（UTC）', 'November 2026 (UTC)']);
    for (const bad of [{ kind: 'week', start: '2026-11-03' }, { kind: 'month', start: '2026-11-02' }, { kind: 'quarter', start: '2026-11-01' }, { kind: 'month', start: '2026-02-30' }] as const) {
      expect(() => resolvePeriod(bad)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });

  it('names figures with stable citation ids and a citation line in both languages', () => {
    expect(citationId(nov, 'public', 'top-ports', '23')).toBe('2026-11/public/top-ports/23');
    expect(isCitationId('2026-11/public/top-ports/23')).toBe(true);
    expect(isCitationId('2026-11/public/../x')).toBe(false);
    expect(citationLine('JP-ISAC', nov, 12, 40)).toEqual({ ja: '出典：JP-ISAC コミュニティ統計（2026年11月、会員12社・センサー40台）', en: 'Source: JP-ISAC community statistics (November 2026, 12 members, 40 sensors)' });
  });
});

describe('composeReport', () => {
  const report = composeReport([situation, stats], opts());
  const table = report.sections[1]!.tables[0]!;

  it('protects every figure: suppression, keyed noise per period, previous-period change', () => {
    const v = (n: number, key: string, code: string) => perturb(n, seedFor(code), `top-ports|${key}|${code}`, params);
    expect(table.rows).toEqual([
      { citationId: '2026-11/public/top-ports/23', label: '23/tcp', status: 'published', value: v(12000, '23', '2026-11'), previous: { status: 'published', value: v(3000, '23', '2026-10') }, changePercent: Math.round(((v(12000, '23', '2026-11') - v(3000, '23', '2026-10')) / v(3000, '23', '2026-10')) * 1000) / 10 },
      { citationId: '2026-11/public/top-ports/445', label: '445/tcp', status: 'published', value: v(1500, '445', '2026-11'), previous: { status: 'published', value: v(1450, '445', '2026-10') }, changePercent: expect.any(Number) },
      // 9999 comes from one member: withheld; 8080 is the complement so total − cells does not reveal it.
      { citationId: '2026-11/public/top-ports/8080', label: '8080/tcp', status: 'suppressed_secondary', value: null, previous: { status: 'published', value: 0 }, changePercent: null },
      { citationId: '2026-11/public/top-ports/9999', label: '9999/tcp', status: 'suppressed', value: null, previous: { status: 'published', value: 0 }, changePercent: null },
    ]);
    expect(table.total).toMatchObject({ citationId: '2026-11/public/top-ports/total', status: 'published', value: perturb(18740, seedFor('2026-11'), 'top-ports|#total|2026-11', params) });
    expect(table.methodology).toEqual({
      issuer: 'JP-ISAC',
      period: 'November 2026 (UTC)',
      members: 7,
      sensors: 40,
      countingRule: 'events',
      method: report.methodology,
      methodVersion: 'renkei-sdc/1',
      caveats: ["Counts cover only what contributing members' sensors and systems observed and reported; they are not the number of attacks across Japan or the internet."],
      licence: 'CC BY 4.0',
      citation: { ja: '出典：JP-ISAC コミュニティ統計（2026年11月、会員12社・センサー40台）'.replace('12', '7'), en: 'Source: JP-ISAC community statistics (November 2026, 7 members, 40 sensors)' },
    });
  });

  it('quotes the largest deviation in the situation paragraph, from published figures', () => {
    const v23 = table.rows[0]!.value!;
    expect(report.sections[0]!.paragraphs).toEqual([`This month. Large-scale activity on port 23/tcp: ${(v23 / perturb(3000, seedFor('2026-10'), 'top-ports|23|2026-10', params)).toFixed(1)}× the median of the previous 3 months (${v23.toLocaleString('en-US')} events in November 2026).`]);
    const ja = composeReport([situation, stats], opts({ lang: 'ja' }));
    expect(ja.title).toBe('JP-ISAC 脅威動向レポート 2026年11月');
    expect(ja.sections[0]!.paragraphs[0]).toMatch(/^今月の概況。ポート 23\/tcp への大規模な活動：過去3か月の中央値の\d\.\d倍（2026年11月は[\d,]+件）。$/);
    // Same figures in both languages.
    expect(ja.sections[1]!.tables[0]!.rows.map((r) => r.value)).toEqual(table.rows.map((r) => r.value));
  });

  it('resists two colluding members subtracting their contributions from a published figure', () => {
    // Members A and B know their own counts; C is the target. Exact sum published before: A+B+C.
    let exact = 0;
    const N = 300;
    for (let i = 0; i < N; i++) {
      const c = { A: 1000 + i * 7, B: 2000 + i * 3, C: 1234 + i * 11 };
      const s: SectionInput = { ...stats, tables: [{ ...stats.tables[0]!, id: `t${i}`, total: undefined, deviations: false, rows: [{ key: 'x', label: { ja: 'x', en: 'x' }, contributions: c }] }] };
      const r = composeReport([s], opts({ audience: 'members', params: paramsFor('members', 3), history: [] }));
      const published = r.sections[0]!.tables[0]!.rows[0]!.value!;
      if (published - c.A - c.B === c.C) exact++;
    }
    expect(exact / N).toBeLessThan(0.08);
  });

  it('refuses two sections or tables with the same id', () => {
    expect(() => composeReport([stats, stats], opts())).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
