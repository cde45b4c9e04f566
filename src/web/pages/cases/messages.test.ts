/** The cases pages' dictionaries: the same placeholders in Japanese and English, every row-error code has a message. */
import { describe, expect, it } from 'vitest';
import { ROW_ERROR_CODES } from '../../../core/cases/host-csv.ts';
import { hostMessages } from './host-messages.ts';
import { casesMessages } from './messages.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('cases messages', () => {
  it('use the same placeholders in both languages', () => {
    for (const dict of [casesMessages, hostMessages] as const) {
      const en = dict.en as Record<string, string>;
      const ja = dict.ja as Record<string, string>;
      expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
      for (const k of Object.keys(en)) expect(placeholders(ja[k]!), k).toEqual(placeholders(en[k]!));
    }
  });
  it('translate every CSV row-error code', () => {
    expect(ROW_ERROR_CODES.filter((c) => !(`row_${c}` in hostMessages.ja))).toEqual([]);
  });
});
