import { describe, expect, it } from 'vitest';
import { describeEstimate } from './describe.ts';
import { downtimeMs } from './downtime.ts';
import { damageFromHourly, estimateDamage, type DamageInputs } from './estimate.ts';
import { ratio } from './rational.ts';

/** The field's worked example: ¥30 billion, 240 business days, 1,000 clients, 20 % infected, 72 h down. */
const worked: DamageInputs = {
  annualRevenueYen: 30_000_000_000,
  businessDays: 240,
  downtime: { hours: 72 },
  impact: { source: 'manual', affected: 200, total: 1000 },
};

describe('damage estimate', () => {
  it('gives the worked example exactly: ¥15,625,000 per hour and ¥225,000,000', () => {
    expect(estimateDamage(worked)).toEqual({
      status: 'complete',
      revenuePerHour: { yen: 15_625_000n, exact: { n: 15_625_000n, d: 1n }, isExact: true },
      damage: { yen: 225_000_000n, exact: { n: 225_000_000n, d: 1n }, isExact: true },
      inputs: {
        annualRevenueYen: 30_000_000_000n,
        businessDays: 240,
        hoursPerDay: { n: 8n, d: 1n },
        downtimeHours: { n: 72n, d: 1n },
        impact: { source: 'manual', share: { n: 1n, d: 5n }, affected: 200, total: 1000 },
      },
    });
  });

  it("reproduces the talk's ¥224,928,000 only when the hourly figure is cut to ¥15.62 million first", () => {
    const talkHourly = 15_620_000n;
    expect(damageFromHourly(talkHourly, ratio(72n), ratio(1n, 5n)).yen).toBe(224_928_000n);
    const e = estimateDamage(worked);
    if (e.status !== 'complete') throw new Error('incomplete');
    expect(e.damage.yen - 224_928_000n).toBe(72_000n);
  });

  it('takes impact from triage (black + red + yellow over all hosts, untriaged included), a percentage or counts alike', () => {
    const counts = { black: 10, red: 40, yellow: 150, green: 700, untriaged: 100 };
    const byTriage = estimateDamage({ ...worked, impact: { source: 'triage', counts } });
    const byPercent = estimateDamage({ ...worked, impact: { source: 'manual_percent', percent: 20 } });
    const damages = [byTriage, byPercent].map((e) => (e.status === 'complete' ? e.damage.yen : e.missing));
    expect(damages).toEqual([225_000_000n, 225_000_000n]);
    expect(byTriage.status === 'complete' && byTriage.inputs.impact).toEqual({ source: 'triage', share: { n: 1n, d: 5n }, affected: 200, total: 1000, untriaged: 100 });
    const half = estimateDamage({ ...worked, impact: { source: 'manual_percent', percent: 12.5 } });
    expect(half.status === 'complete' && half.damage.yen).toBe(140_625_000n);
  });

  it('rounds once, at the end, half up to whole yen', () => {
    // ¥1,000,000 over 3 days × 8 h = ¥41,666.67/h; 5 h at full impact = ¥208,333.33 (rounding the hour first would give ¥208,335).
    const e = estimateDamage({ annualRevenueYen: 1_000_000, businessDays: 3, downtime: { hours: 5 }, impact: { source: 'manual', affected: 1, total: 1 } });
    expect(e.status === 'complete' && [e.revenuePerHour.yen, e.revenuePerHour.isExact, e.damage.yen, e.damage.isExact, e.damage.exact]).toEqual([
      41_667n,
      false,
      208_333n,
      false,
      { n: 625_000n, d: 3n },
    ]);
    // ¥12 over 1 day × 8 h = ¥1.5/h → ¥2; one hour at half impact = ¥0.75 → ¥1; ¥0.25 → ¥0.
    const half = (affected: number) => estimateDamage({ annualRevenueYen: 12n, businessDays: 1, downtime: { hours: 1 }, impact: { source: 'manual', affected, total: 6 } });
    const r3 = half(3);
    const r1 = half(1);
    expect([r3.status === 'complete' && r3.revenuePerHour.yen, r3.status === 'complete' && r3.damage.yen, r1.status === 'complete' && r1.damage.yen]).toEqual([2n, 1n, 0n]);
  });

  it('reads decimal hours exactly and accepts milliseconds from a timeline', () => {
    const days = estimateDamage({ ...worked, hoursPerDay: 7.5 });
    expect(days.status === 'complete' && [days.revenuePerHour.yen, days.damage.yen]).toEqual([16_666_667n, 240_000_000n]);
    const ms = estimateDamage({ ...worked, downtime: { ms: 72 * 3_600_000 } });
    expect(ms.status === 'complete' && ms.damage.yen).toBe(225_000_000n);
    const tenth = estimateDamage({ ...worked, downtime: { hours: 0.1 } });
    expect(tenth.status === 'complete' && tenth.damage).toEqual({ yen: 312_500n, exact: { n: 312_500n, d: 1n }, isExact: true });
  });

  it('gives ¥0, not "incomplete", for no downtime yet or no affected host', () => {
    const none = [estimateDamage({ ...worked, downtime: { hours: 0 } }), estimateDamage({ ...worked, impact: { source: 'manual', affected: 0, total: 1000 } })];
    expect(none.map((e) => e.status === 'complete' && e.damage.yen)).toEqual([0n, 0n]);
  });

  it('names every missing or unusable input instead of computing NaN', () => {
    expect(estimateDamage({ annualRevenueYen: undefined, businessDays: null, downtime: null, impact: null })).toEqual({
      status: 'incomplete',
      missing: [
        { field: 'annualRevenue', problem: 'missing' },
        { field: 'businessDays', problem: 'missing' },
        { field: 'downtime', problem: 'missing' },
        { field: 'impact', problem: 'missing' },
      ],
    });
    const cases: Array<[Partial<DamageInputs>, unknown]> = [
      [{ annualRevenueYen: 0 }, [{ field: 'annualRevenue', problem: 'zero' }]],
      [{ annualRevenueYen: 0n }, [{ field: 'annualRevenue', problem: 'zero' }]],
      [{ annualRevenueYen: -5 }, [{ field: 'annualRevenue', problem: 'negative' }]],
      [{ annualRevenueYen: 1.5 }, [{ field: 'annualRevenue', problem: 'not_integer' }]],
      [{ annualRevenueYen: 1e300 }, [{ field: 'annualRevenue', problem: 'out_of_range' }]],
      [{ businessDays: 0 }, [{ field: 'businessDays', problem: 'zero' }]],
      [{ businessDays: 400 }, [{ field: 'businessDays', problem: 'out_of_range' }]],
      [{ businessDays: Number.NaN }, [{ field: 'businessDays', problem: 'not_a_number' }]],
      [{ hoursPerDay: 0 }, [{ field: 'hoursPerDay', problem: 'zero' }]],
      [{ hoursPerDay: 25 }, [{ field: 'hoursPerDay', problem: 'out_of_range' }]],
      [{ downtime: { hours: Number.POSITIVE_INFINITY } }, [{ field: 'downtime', problem: 'out_of_range' }]],
      [{ downtime: { hours: -1 } }, [{ field: 'downtime', problem: 'negative' }]],
      [{ downtime: { ms: 1.5 } }, [{ field: 'downtime', problem: 'not_integer' }]],
      [{ impact: { source: 'manual', affected: 5, total: 0 } }, [{ field: 'impact.total', problem: 'zero' }]],
      [{ impact: { source: 'manual', affected: 5, total: 4 } }, [{ field: 'impact.affected', problem: 'out_of_range' }]],
      [{ impact: { source: 'manual', affected: Number.NaN, total: -1 } }, [{ field: 'impact.affected', problem: 'not_a_number' }, { field: 'impact.total', problem: 'negative' }]],
      [{ impact: { source: 'manual_percent', percent: 120 } }, [{ field: 'impact.percent', problem: 'out_of_range' }]],
      [{ impact: { source: 'triage', counts: { black: 0, red: 0, yellow: 0, green: 0, untriaged: 0 } } }, [{ field: 'impact.total', problem: 'zero' }]],
      [{ impact: { source: 'triage', counts: { black: 0, red: 0, yellow: 0, green: 0, untriaged: 12 } } }, [{ field: 'impact', problem: 'untriaged' }]],
      [{ impact: { source: 'triage', counts: { black: 1, red: -1, yellow: 0, green: 0 } as never } }, [{ field: 'impact.counts.red', problem: 'negative' }, { field: 'impact.counts.untriaged', problem: 'missing' }]],
    ];
    expect(cases.map(([patch]) => estimateDamage({ ...worked, ...patch }))).toEqual(cases.map(([, missing]) => ({ status: 'incomplete', missing })));
  });

  it('describes the estimate with its inputs and formula in Japanese and English', () => {
    const e = estimateDamage(worked);
    expect(describeEstimate(e, 'ja')).toEqual({
      revenuePerHour: '時間あたり売上高 = 年間売上高 300億円 ÷ (営業日 240日 × 8時間) = 1,562万5,000円（¥15,625,000）',
      damage: '暫定被害額 = 時間あたり売上高 × 停止時間 72時間 × 影響度 20%（被害 200 ÷ 全 1,000） = 2億2,500万円（¥225,000,000）',
    });
    expect(describeEstimate(e, 'en')).toEqual({
      revenuePerHour: 'Revenue per hour = annual revenue ¥30 billion ÷ (240 business days × 8 h) = ¥15.625 million (¥15,625,000)',
      damage: 'Provisional damage = revenue per hour × 72 h downtime × impact 20% (200 of 1,000 affected) = ¥225 million (¥225,000,000)',
    });
    const rounded = estimateDamage({ annualRevenueYen: 1_000_000, businessDays: 3, downtime: { hours: 5 }, impact: { source: 'manual_percent', percent: 100 } });
    expect(describeEstimate(rounded, 'en')?.damage).toBe('Provisional damage = revenue per hour × 5 h downtime × impact 100% = ¥208,333 (¥208,333) (computed from the unrounded revenue per hour)');
    expect(describeEstimate(estimateDamage({ ...worked, businessDays: 0 }), 'ja')).toBeNull();
  });
});

describe('downtime from a timeline', () => {
  const h = 3_600_000;
  it('counts overlapping outages once and runs an open one until now', () => {
    expect(downtimeMs([], 0)).toBe(0);
    expect(downtimeMs([{ start: 0, end: 2 * h }, { start: h, end: 3 * h }, { start: 5 * h, end: 6 * h }], 0)).toBe(4 * h);
    expect(downtimeMs([{ start: 5 * h, end: null }, { start: 0, end: h }, { start: h, end: 2 * h }], 7 * h)).toBe(4 * h);
    expect(downtimeMs([{ start: 2 * h, end: h }, { start: Number.NaN, end: h }], 0)).toBe(0);
  });
});
