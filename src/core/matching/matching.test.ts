import { describe, expect, it } from 'vitest';
import { MATCH_KINDS } from './lookup-types.ts';
import { ipKey } from '../indicators/ip.ts';
import type { LookupRowOf } from './lookup-types.ts';
type StoredAttribute = { id: number; type: string; [k: string]: unknown };
type StoredEvent = { id: number; [k: string]: unknown };
type LookupRow = LookupRowOf<StoredAttribute, StoredEvent>;
import { classifyRows } from './classify.ts';
import { indexEntries, splitComposite } from './index-entries.ts';
import { planLookup } from './plan.ts';

describe('indexEntries', () => {
  it('indexes the value, composite halves and URL hosts', () => {
    expect(indexEntries('filename|md5', 'a.exe|' + 'f'.repeat(32)).keys).toEqual([
      { key: 'a.exe|' + 'f'.repeat(32), via: 0 },
      { key: 'a.exe', via: 1 },
      { key: 'f'.repeat(32), via: 1 },
    ]);
    expect(indexEntries('url', 'https://Evil.example:8443/x?y=1').keys).toEqual([
      { key: 'https://Evil.example:8443/x?y=1', via: 0 },
      { key: 'evil.example', via: 2 },
    ]);
    expect(indexEntries('md5', 'a|b').keys).toEqual([{ key: 'a|b', via: 0 }]);
  });

  it('indexes IP points and routable CIDR ranges, never non-routable or very broad ones', () => {
    expect(indexEntries('ip-dst', '45.2.3.4').points).toEqual([ipKey('45.2.3.4')]);
    expect(indexEntries('ip-dst|port', '45.2.3.4|80').points).toEqual([ipKey('45.2.3.4')]);
    expect(indexEntries('domain|ip', 'x.example|2a00::1').points).toEqual([ipKey('2a00::1')]);
    expect(indexEntries('ip-dst', '45.2.0.0/16').ranges).toEqual([{ start: ipKey('45.2.0.0'), end: ipKey('45.2.255.255'), bits: 112 }]);
    expect(indexEntries('ip-dst', '10.0.0.0/8').ranges).toEqual([]);
    expect(indexEntries('ip-dst', '44.0.0.0/6').ranges).toEqual([]);
    expect(indexEntries('domain', '45.2.3.4').points).toEqual([]);
    expect(indexEntries('ip-dst', 'not-an-ip').points).toEqual([]);
  });

  it('skips keys longer than the index limit', () => {
    expect(indexEntries('text', 'x'.repeat(5000)).keys).toEqual([]);
  });

  it('splits composites at the first pipe, like MISP', () => {
    expect(splitComposite('filename|md5', 'a|b|c')).toEqual(['a', 'b|c']);
    expect(splitComposite('md5', 'a|b')).toBeNull();
  });
});

describe('planLookup / classifyRows', () => {
  const event = { id: 1 } as StoredEvent;
  const attribute = (id: number, type: string, value: string) => ({ id, type, value, eventId: 1 }) as StoredAttribute;
  const row = (probe: string, via: LookupRow['via'], a: StoredAttribute): LookupRow => ({ probe, via, attribute: a, event });

  it('plans parent-domain probes (never public suffixes) and CIDR probes only for routable IPs', () => {
    const plan = planLookup(
      [
        { type: 'hostname', value: 'a.b.evil.co.uk' },
        { type: 'ip-dst', value: '45.2.3.4' },
        { type: 'ip-dst', value: '10.0.0.1' },
        { type: 'ip-dst', value: '45.2.0.0/24' },
        { type: 'hostname', value: 'x.duckdns.org' },
      ],
      MATCH_KINDS,
    );
    expect(plan.probes.keys).toEqual(['a.b.evil.co.uk', 'b.evil.co.uk', 'evil.co.uk', '45.2.3.4', '10.0.0.1', '45.2.0.0/24', 'x.duckdns.org']);
    expect(plan.probes.ipPoints).toEqual([ipKey('45.2.3.4')]);
    expect(plan.probes.ipRanges).toEqual([{ start: ipKey('45.2.0.0'), end: ipKey('45.2.0.255') }]);
    const exactOnly = planLookup([{ type: 'hostname', value: 'a.b.evil.co.uk' }, { type: 'ip-dst', value: '45.2.3.4' }], ['exact']);
    expect(exactOnly.probes).toEqual({ keys: ['a.b.evil.co.uk', '45.2.3.4'], ipPoints: [], ipRanges: [] });
  });

  it('classifies rows per value, keeps the strongest kind per attribute, and drops disabled kinds', () => {
    const values = [
      { type: 'domain', value: 'evil.example' },
      { type: 'hostname', value: 'www.evil.example' },
      { type: 'ip-dst', value: '45.2.3.4' },
    ];
    const plan = planLookup(values, MATCH_KINDS);
    const dom = attribute(1, 'domain', 'evil.example');
    const url = attribute(2, 'url', 'http://evil.example/x');
    const cidr = attribute(3, 'ip-dst', '45.2.0.0/16');
    const port = attribute(4, 'ip-dst|port', '45.2.3.4|80');
    const hits = classifyRows(plan, 3, [
      row('evil.example', 'value', dom),
      row('evil.example', 'host', url),
      row(ipKey('45.2.3.4'), 'ip-contains', cidr),
      row('45.2.3.4', 'half', port),
      row(ipKey('45.2.3.4'), 'ip-contains', port),
    ]);
    expect(hits.map((h) => h.map((x) => `${x.match}:${x.attribute.id}`))).toEqual([
      ['exact:1', 'url-host:2'],
      ['subdomain:1'],
      ['cidr:3', 'composite:4'],
    ]);
    const noUrl = planLookup(values, ['exact', 'subdomain']);
    expect(classifyRows(noUrl, 3, [row('evil.example', 'host', url), row('evil.example', 'value', dom)])[0]!.map((x) => x.match)).toEqual(['exact']);
  });
});
