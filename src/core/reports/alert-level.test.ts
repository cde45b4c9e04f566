import { describe, expect, it } from 'vitest';
import { suggestAlertLevel } from './alert-level.ts';

const large = { subject: 'port 23/TCP', level: 'large' as const, ratio: 3.04 };
const elevated = { subject: 'port 22/TCP', level: 'elevated' as const, ratio: 1.4 };

describe('suggestAlertLevel', () => {
  it('follows the written criteria', () => {
    const lv = (deviations: Parameters<typeof suggestAlertLevel>[0]['deviations'], openRooms: Parameters<typeof suggestAlertLevel>[0]['openRooms']) => suggestAlertLevel({ deviations, openRooms }).level;
    expect([
      lv([], {}),
      lv([elevated], { low: 3, medium: 2 }),
      lv([large], {}),
      lv([], { high: 1 }),
      lv([large], { high: 1 }),
      lv([], { critical: 1 }),
      lv([], { critical: 2 }),
      lv([large], { critical: 1 }),
    ]).toEqual(['green', 'green', 'yellow', 'yellow', 'orange', 'orange', 'red', 'red']);
  });

  it('gives one reason per fact, in both languages', () => {
    expect(suggestAlertLevel({ deviations: [large, elevated, { subject: 'AS4134', level: 'new', ratio: null }], openRooms: { critical: 1, high: 2 } }).reasons).toEqual([
      { ja: 'port 23/TCP：基準値を大きく上回る活動（中央値の3.0倍）', en: 'port 23/TCP: activity far above its baseline (3.0× the median)' },
      { ja: 'AS4134：基準値を大きく上回る活動（新規）', en: 'AS4134: activity far above its baseline (new)' },
      { ja: '深刻度「緊急」のインシデントルーム1件が開設中', en: '1 critical incident room open' },
      { ja: '深刻度「高」のインシデントルーム2件が開設中', en: '2 high-severity incident rooms open' },
    ]);
  });
});
