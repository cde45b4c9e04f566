import { describe, expect, it } from 'vitest';
import { parseFilter, resolveTime, resolveTimeRange } from './filter-value.ts';
import { parseRestSearch } from './rest-search-params.ts';

describe('MISP filter values', () => {
  it('reads scalars, lists, OR/NOT objects, ! negation and a&&!b strings', () => {
    expect(parseFilter('value', '1.2.3.4')).toEqual({ or: ['1.2.3.4'], not: [] });
    expect(parseFilter('value', ['a', '!b', 3])).toEqual({ or: ['a', '3'], not: ['b'] });
    expect(parseFilter('tags', { OR: ['tlp:green'], not: ['tlp:red'] })).toEqual({ or: ['tlp:green'], not: ['tlp:red'] });
    expect(parseFilter('tags', 'tlp:green&&!tlp:red')).toEqual({ or: ['tlp:green'], not: ['tlp:red'] });
    expect(parseFilter('value', null)).toEqual({ or: [], not: [] });
    expect(() => parseFilter('type', { AND: ['a', 'b'] })).toThrow(/AND filters are not supported \(only tags take AND\)/);
    expect(parseFilter('tags', { AND: ['a', 'b'], NOT: ['c'] }, { and: true })).toEqual({ or: [], not: ['c'], and: ['a', 'b'] });
    expect(() => parseFilter('value', { XOR: ['a'] })).toThrow(/unknown operator/);
    expect(() => parseFilter('value', [{ a: 1 }])).toThrow(/expected strings or numbers/);
  });

  it('resolves MISP time values', () => {
    const now = 1_700_000_000;
    expect(resolveTime('last', '7d', now)).toBe(now - 7 * 86400);
    expect(resolveTime('last', '30m', now)).toBe(now - 1800);
    expect(resolveTime('last', '1690000000', now)).toBe(1_690_000_000);
    expect(resolveTime('from', '2024-01-02', now)).toBe(Date.UTC(2024, 0, 2) / 1000);
    expect(resolveTimeRange('timestamp', ['1d', now], now)).toEqual({ from: now - 86400, to: now });
    expect(() => resolveTime('last', 'yesterday', now)).toThrow(/duration/);
  });
});

describe('parseRestSearch', () => {
  it('unwraps {"request":…}, applies defaults and names unknown parameters', () => {
    const r = parseRestSearch({ request: { value: ['x'], limit: '10', page: 2, to_ids: '1', returnFormat: 'csv' } });
    expect(r).toMatchObject({ returnFormat: 'csv', limit: 10, page: 2, toIds: true, value: { or: ['x'], not: [] } });
    expect(parseRestSearch({})).toMatchObject({ returnFormat: 'json', page: 1, extraKinds: [] });
    expect(() => parseRestSearch({ valeu: 1, foo: 2 })).toThrow(/valeu, foo/);
    expect(() => parseRestSearch({ limit: 0 })).toThrow(/limit/);
    expect(() => parseRestSearch({ to_ids: 'yes' })).toThrow(/to_ids/);
    expect(() => parseRestSearch([1])).toThrow(/JSON object/);
    expect(parseRestSearch({ includeCorrelations: 1, includeDecayScore: 1 }).returnFormat).toBe('json');
    expect(parseRestSearch({ value: 'a', matchKinds: ['cidr', 'exact'] }).extraKinds).toEqual(['cidr']);
    expect(() => parseRestSearch({ matchKinds: ['fuzzy'] })).toThrow(/matchKinds/);
  });
});
