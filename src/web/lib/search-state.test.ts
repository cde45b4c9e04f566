import { describe, expect, it } from 'vitest';
import { memberHit } from '../test-support/scripted-hub.ts';
import { resultsToCsv, csvCell } from './export.ts';
import { chartCounts, filterAndSort, NO_FILTER, UNKNOWN_COUNTRY } from './results-filter.ts';
import { applyEvent, EMPTY_SEARCH, totalHits } from './search-state.ts';

const accepted = applyEvent(EMPTY_SEARCH, {
  type: 'accepted',
  id: 's1',
  members: ['a', 'b'],
  values: [
    { input: '1.2.3.4', type: 'ip-dst', value: '1.2.3.4' },
    { input: 'evil.example', type: 'domain', value: 'evil.example' },
    { input: '5.6.7.8', type: 'ip-dst', value: '5.6.7.8' },
  ],
  rejected: [{ input: 'junk', error: 'not an indicator' }],
});

describe('applyEvent', () => {
  it('starts with every member pending and every value without hits', () => {
    expect(accepted.members.map((m) => m.status)).toEqual(['pending', 'pending']);
    expect(accepted.rows).toHaveLength(3);
    expect(accepted.rejected).toHaveLength(1);
  });
  it('adds a member answer to the rows it hit and shares untouched rows', () => {
    const s = applyEvent(accepted, {
      type: 'member',
      member: { name: 'b', status: 'ok', latencyMs: 40, hits: 3, error: null },
      hits: [{ index: 0, hits: [memberHit('b', '1.2.3.4'), memberHit('b', '1.2.3.4')] }, { index: 2, hits: [memberHit('b', '5.6.7.8')] }],
    });
    expect(s.members.find((m) => m.name === 'b')?.status).toBe('ok');
    expect(s.members.find((m) => m.name === 'a')?.status).toBe('pending');
    expect(s.rows[0]!.hits).toEqual({ b: 2 });
    expect(s.rows[0]!.enrichment?.country).toBe('JP');
    expect(s.rows[1]).toBe(accepted.rows[1]);
    expect(totalHits(s.rows[2]!)).toBe(1);
  });
});

describe('filters, sorting, exports', () => {
  const s = applyEvent(
    applyEvent(accepted, { type: 'member', member: { name: 'a', status: 'ok', latencyMs: 5, hits: 1, error: null }, hits: [{ index: 2, hits: [memberHit('a', '5.6.7.8')] }] }),
    { type: 'member', member: { name: 'b', status: 'ok', latencyMs: 7, hits: 2, error: null }, hits: [{ index: 2, hits: [memberHit('b', '5.6.7.8')] }, { index: 0, hits: [memberHit('b', '1.2.3.4')] }] },
  );
  it('sorts by total hits descending and keeps only hits when asked', () => {
    const rows = filterAndSort(s.rows, { ...NO_FILTER, onlyHits: true }, { by: 'total' }, -1);
    expect(rows.map((r) => r.value)).toEqual(['5.6.7.8', '1.2.3.4']);
  });
  it('counts only the chosen members and filters by type', () => {
    const rows = filterAndSort(s.rows, { ...NO_FILTER, members: ['a'], onlyHits: true }, { by: 'value' }, 1);
    expect(rows.map((r) => r.value)).toEqual(['5.6.7.8']);
    expect(filterAndSort(s.rows, { ...NO_FILTER, types: ['domain'] }, { by: 'value' }, 1).map((r) => r.value)).toEqual(['evil.example']);
  });
  it('writes CSV with a column per member and defuses formulas', () => {
    const csv = resultsToCsv(s.rows, ['a', 'b']).split('\r\n');
    expect(csv[0]).toBe('input,type,value,total_hits,hits:a,hits:b,country,asn,as_name,hosting,events');
    expect(csv[3]).toContain('5.6.7.8,ip-dst,5.6.7.8,2,1,1,JP,16509,AMAZON-02,VPS/Cloud: Amazon AWS');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it('counts hits per member, type and country for the charts', () => {
    const c = chartCounts(s.rows);
    expect(c.perMember).toEqual({ a: 1, b: 2 });
    expect(c.perType).toEqual({ 'ip-dst': 3 });
    expect(c.perCountry).toEqual({ JP: 3 });
    expect(chartCounts([{ ...s.rows[2]!, enrichment: null }]).perCountry).toEqual({ [UNKNOWN_COUNTRY]: 2 });
    // A domain with hits counts per member and type but never as an "unknown country".
    const domain = { ...s.rows[1]!, hits: { a: 4 }, enrichment: null };
    expect(chartCounts([domain, s.rows[2]!])).toEqual({ perMember: { a: 5, b: 1 }, perType: { domain: 4, 'ip-dst': 2 }, perCountry: { JP: 2 } });
  });
});
