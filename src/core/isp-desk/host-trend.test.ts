import { describe, expect, it } from 'vitest';
import { hostSeries } from './host-trend.ts';

describe('hostSeries', () => {
  it('fills each day of the window, sums per (prefix, category) and compares the recent half with the earlier', () => {
    const out = hostSeries([
      { prefix: '8.8.8.0/24', category: 'scanner', day: 100, hosts: 1, events: 4 },
      { prefix: '8.8.8.0/24', category: 'scanner', day: 103, hosts: 3, events: 9 },
      { prefix: '8.8.8.0/24', category: 'scanner', day: 102, hosts: 2, events: 2 },
      { prefix: '8.8.4.0/24', category: 'bruteforce', day: 100, hosts: 5, events: 50 },
      { prefix: '8.8.4.0/24', category: 'bruteforce', day: 101, hosts: 1, events: 1 },
      { prefix: '8.8.4.0/24', category: 'scanner', day: 104, hosts: 2, events: 2 },
      // Outside the window: ignored.
      { prefix: '8.8.8.0/24', category: 'scanner', day: 99, hosts: 40, events: 40 },
    ], 100, 104);
    expect(out).toEqual([
      { prefix: '8.8.8.0/24', category: 'scanner', hosts: [1, 0, 2, 3, 0], events: [4, 0, 2, 9, 0], change: 4, trend: 'up' },
      { prefix: '8.8.4.0/24', category: 'scanner', hosts: [0, 0, 0, 0, 2], events: [0, 0, 0, 0, 2], change: 2, trend: 'up' },
      { prefix: '8.8.4.0/24', category: 'bruteforce', hosts: [5, 1, 0, 0, 0], events: [50, 1, 0, 0, 0], change: -6, trend: 'down' },
    ]);
    expect(hostSeries([{ prefix: 'p', category: 'c', day: 7, hosts: 1, events: 1 }, { prefix: 'p', category: 'c', day: 8, hosts: 1, events: 1 }], 7, 8)[0]!.trend).toBe('flat');
    expect(hostSeries([], 5, 4)).toEqual([]);
  });
});
