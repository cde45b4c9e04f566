import { describe, expect, it } from 'vitest';
import { HourAggregator, type RowKey } from './hour-aggregator.ts';

const H = Date.UTC(2026, 10, 1, 3);
const base: RowKey = { kind: 'alert', gid: 1, sid: 2001219, signature: 'ET SCAN Potential SSH Scan', category: 'Attempted Information Leak', severity: 2, port: 22, proto: 'TCP', country: 'JP', asn: 2516 };
const src = (i: number): [number, number, boolean, number, number] => [Math.imul(i + 1, 0x9e3779b1) >>> 0, Math.imul(i + 7, 0x85ebca6b) >>> 0, false, 0, 0];

/** events per row, in output order, for one closed hour. */
function rowsOf(agg: HourAggregator): Array<[string, number]> {
  const [hour] = agg.close();
  return hour!.rows.map((r) => [`${r.kind}|${r.gid}:${r.sid}|${r.signature}|${r.category}|${r.severity}|${r.port}|${r.proto}|${r.country}|${r.asn}`, r.events]);
}

describe('HourAggregator row identity', () => {
  // Unusual values take the string-key path; usual ones the numeric path. Both must name the same rows.
  const variants: RowKey[] = [
    base,
    { ...base, signature: 'renamed rule, same sid' },
    { ...base, port: null },
    { ...base, port: 0 },
    { ...base, asn: null },
    { ...base, asn: 4_294_967_295 },
    { ...base, country: null },
    { ...base, country: 'ZZ' },
    { ...base, country: 'jp' },
    { ...base, proto: null },
    { ...base, proto: 'PROTO:254' },
    { ...base, gid: 70_000 },
    { ...base, gid: null },
    { ...base, sid: 9_999_999_999 },
    { ...base, kind: 'drop' },
    { ...base, sid: 0, gid: 0, signature: null, category: 'firewall blocked', severity: null, kind: 'firewall' },
    { ...base, sid: 0, gid: 0, signature: 'icmp type 8', category: 'firewall blocked', severity: null, kind: 'firewall' },
    { ...base, sid: 0, gid: 0, signature: 'icmp type 8', category: 'firewall allowed', severity: null, kind: 'firewall' },
    { ...base, sid: null, gid: null, signature: 'anomaly decode', category: 'anomaly', severity: null, kind: 'anomaly' },
    { ...base, sid: null, gid: null, signature: 'anomaly decode', category: 'anomaly', severity: 1, kind: 'anomaly' },
  ];

  it('merges events with the same key and separates different keys, keeping first-seen order', () => {
    const agg = new HourAggregator(1);
    for (let round = 0; round < 3; round++) variants.forEach((k, i) => agg.add(H, { ...k }, ...src(i * 3 + round)));
    const rows = rowsOf(agg);
    // The renamed-signature variant has the same (gid, sid) as the base, so it joins the base row.
    expect(rows).toHaveLength(variants.length - 1);
    expect(rows[0]).toEqual(['alert|1:2001219|ET SCAN Potential SSH Scan|Attempted Information Leak|2|22|TCP|JP|2516', 6]);
    for (const [, events] of rows.slice(1)) expect(events).toBe(3);
    expect(rows.map(([k]) => k)).toContain('alert|1:2001219|ET SCAN Potential SSH Scan|Attempted Information Leak|2|22|TCP|jp|2516');
  });

  it('continues the same rows after a snapshot is restored', () => {
    const a = new HourAggregator(1);
    variants.forEach((k, i) => a.add(H, k, ...src(i)));
    const b = new HourAggregator(1);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    variants.forEach((k, i) => b.add(H, k, ...src(i + 100)));
    const rows = rowsOf(b);
    expect(rows).toHaveLength(variants.length - 1);
    expect(rows[0]![1]).toBe(4);
    for (const [, events] of rows.slice(1)) expect(events).toBe(2);
  });

  it('withholds rows with fewer than k distinct sources', () => {
    const agg = new HourAggregator(3);
    for (let i = 0; i < 5; i++) agg.add(H, base, ...src(i % 2));
    for (let i = 0; i < 5; i++) agg.add(H, { ...base, port: 23 }, ...src(i));
    const [hour] = agg.close();
    expect(hour!.rows.map((r) => [r.port, r.events])).toEqual([[23, 5]]);
    expect(hour!.withheld).toEqual({ rows: 1, events: 5 });
  });
});
