import { describe, expect, it } from 'vitest';
import { combineWithheld, isWithheld, suppressFigures, thresholdFor } from './member-threshold.ts';

const fig = (key: string, events: number, ...members: string[]) => ({ key, events, members: new Set(members) });

describe('member threshold', () => {
  it('applies k to community views only', () => {
    expect(thresholdFor(undefined, 3)).toBe(3);
    expect(thresholdFor('A', 3)).toBe(1);
    expect([0, 1, 2, 3, 4].map((m) => isWithheld(m, 3))).toEqual([false, true, true, false, false]);
    expect([0, 1, 2].map((m) => isWithheld(m, 1))).toEqual([false, false, false]);
  });

  it('withholds figures below k and tells their events only when k members stand behind them together', () => {
    const figures = [fig('CN', 300, 'A', 'B', 'C'), fig('KR', 10, 'A', 'B'), fig('US', 30, 'A', 'B', 'C', 'D')];
    const one = suppressFigures(figures, (f) => f, 3);
    expect(one.shown.map((f) => f.key)).toEqual(['CN', 'US']);
    expect(one.withheld).toEqual({ items: 1, events: null });
    const two = suppressFigures([...figures, fig('JP', 7, 'C')], (f) => f, 3);
    expect(two.withheld).toEqual({ items: 2, events: 17 });
    expect(suppressFigures(figures, (f) => f, 1)).toEqual({ shown: figures, withheld: { items: 0, events: 0 } });
  });

  it('keeps a total undisclosed when any part is', () => {
    expect(combineWithheld([{ items: 2, events: 17 }, { items: 0, events: 0 }])).toEqual({ items: 2, events: 17 });
    expect(combineWithheld([{ items: 2, events: 17 }, { items: 1, events: null }])).toEqual({ items: 3, events: null });
    expect(combineWithheld([])).toEqual({ items: 0, events: 0 });
  });
});
