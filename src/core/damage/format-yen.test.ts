import { describe, expect, it } from 'vitest';
import { formatYen, formatYenEn, formatYenJa, formatYenPlain } from './format-yen.ts';

describe('yen formatting', () => {
  const amounts = [0n, 5_000n, 10_000n, 15_625_000n, 224_928_000n, 225_000_000n, 300_000_000n, 100_000_005n, 30_000_000_000n, 1_234_567_890_123n];
  it('writes plain digits', () => {
    expect(amounts.map(formatYenPlain)).toEqual(['¥0', '¥5,000', '¥10,000', '¥15,625,000', '¥224,928,000', '¥225,000,000', '¥300,000,000', '¥100,000,005', '¥30,000,000,000', '¥1,234,567,890,123']);
  });

  it('writes Japanese units (万, 億, 兆) without dropping a yen', () => {
    expect(amounts.map((y) => formatYenJa(y))).toEqual([
      '0円', '5,000円', '1万円', '1,562万5,000円', '2億2,492万8,000円', '2億2,500万円', '3億円', '1億5円', '300億円', '1兆2,345億6,789万123円',
    ]);
  });

  it('writes English scale words exactly', () => {
    expect(amounts.map((y) => formatYenEn(y))).toEqual([
      '¥0', '¥5,000', '¥10,000', '¥15.625 million', '¥224.928 million', '¥225 million', '¥300 million', '¥100.000005 million', '¥30 billion', '¥1.234567890123 trillion',
    ]);
  });

  it('rounds to a unit on request and says so', () => {
    expect(formatYenJa(224_928_000n, { roundTo: 10_000_000n })).toBe('約2億2,000万円');
    expect(formatYenJa(225_000_000n, { roundTo: 10_000_000n })).toBe('約2億3,000万円');
    expect(formatYenJa(220_000_000n, { roundTo: 10_000_000n })).toBe('2億2,000万円');
    expect(formatYenJa(15_625_000n, { roundTo: 10_000n })).toBe('約1,563万円');
    expect(formatYenEn(224_928_000n, { roundTo: 1_000_000n })).toBe('about ¥225 million');
    expect(formatYen(225_000_000n, 'en', { roundTo: 1_000_000n })).toBe('¥225 million');
    expect(formatYen(225_000_000n, 'ja')).toBe('2億2,500万円');
  });
});
