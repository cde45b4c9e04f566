import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import { fill, toDate } from './i18n.tsx';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have identical key sets', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });
  it('have no empty strings', () => {
    for (const dict of [en, ja]) for (const [k, v] of Object.entries(dict)) expect(v.trim(), k).not.toBe('');
  });
  it('use the same placeholders in both languages', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(ja[k]), k).toEqual(placeholders(en[k]));
  });
  it('Japanese is actually Japanese (no English sentence left untranslated)', () => {
    const untranslated = Object.entries(ja).filter(([k, v]) => v === en[k as keyof typeof en] && /[a-z]{4,} [a-z]{3,}/i.test(v));
    expect(untranslated).toEqual([]);
  });
});

describe('helpers', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{a} of {b} {c}', { a: 1, b: 'two' })).toBe('1 of two {c}');
  });
  it('reads epoch seconds, milliseconds and ISO strings', () => {
    expect(toDate(1_700_000_000).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(toDate(1_700_000_000_000).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(toDate('2024-03-01T00:00:00Z').toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });
});
