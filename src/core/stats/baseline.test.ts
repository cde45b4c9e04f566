import { describe, expect, it } from 'vitest';
import { deviation, mad, median, rankDeviations } from './baseline.ts';
import { deviationSentence } from './sentence.ts';

describe('baseline maths', () => {
  it('computes median and MAD', () => {
    expect(median([])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });

  it('classifies levels with a robust z-score', () => {
    const hist = [100, 110, 95, 105];
    expect(deviation(102, hist).level).toBe('normal');
    expect(deviation(400, hist)).toMatchObject({ level: 'large', ratio: 400 / 102.5 });
    expect(deviation(160, hist).level).toBe('elevated');
    expect(deviation(10, hist).level).toBe('low');
    expect(deviation(50, [10]).level).toBe('no_baseline');
    expect(deviation(20, [0, 0, 0]).level).toBe('new');
    expect(deviation(0, [0, 0]).level).toBe('normal');
    // One outlier week does not inflate the baseline.
    expect(deviation(400, [100, 100, 100, 5000]).level).toBe('large');
  });

  it('ranks largest deviation first and no-baseline last', () => {
    const items = [
      { k: 'a', deviation: deviation(100, [100, 100]) },
      { k: 'b', deviation: deviation(900, [100, 100]) },
      { k: 'c', deviation: deviation(5000, [1]) },
    ];
    expect(rankDeviations(items).map((i) => i.k)).toEqual(['b', 'a', 'c']);
  });

  it('writes quotable sentences', () => {
    const d = deviation(90, [100, 100, 100, 100]);
    const s = deviationSentence({ dimension: 'country', key: 'CN' }, d, { hour: '2026-11-21T13:00:00.000Z', sensors: 7 });
    expect(s.en).toBe('No large-scale activity from country CN observed: 0.9× the usual level (2026-11-21 13:00 UTC, 7 sensors, baseline = median of the same hour over the previous 4 weeks).');
    expect(s.ja).toContain('大規模な活動は観測されていません');
    const big = deviationSentence({ dimension: 'port', key: '23' }, deviation(500, [100, 100, 100]), { hour: '2026-11-21T13:00:00.000Z', sensors: 1 });
    expect(big.en).toMatch(/^Large-scale activity on port 23 observed: 5\.0× the usual level/);
  });
});
