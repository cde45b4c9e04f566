import { describe, expect, it } from 'vitest';
import { isLikePattern, likeMatcher } from './like-pattern.ts';

describe('MISP LIKE patterns', () => {
  it('only a leading or trailing % makes a pattern (a % inside is compared exactly)', () => {
    expect(['%.example', 'evil%', '%x%', '%'].map(isLikePattern)).toEqual([true, true, true, true]);
    expect(['a%b', '', 'plain', '!%x'].map(isLikePattern)).toEqual([false, false, false, false]);
  });

  it('% is any run, _ one character, \\ escapes, case-insensitive, whole value', () => {
    const m = likeMatcher('%.Evil.COM');
    expect(['a.evil.com', 'X.EVIL.COM', '.evil.com', 'evil.com', 'a.evil.com.au'].map(m)).toEqual([true, true, true, false, false]);
    const u = likeMatcher('45.83.64._%');
    expect(['45.83.64.1', '45.83.64.11', '45.83.64.', '45.83.6411'].map(u)).toEqual([true, true, false, false]);
    const e = likeMatcher('100\\%%');
    expect(['100%', '100% sure', '1000'].map(e)).toEqual([true, true, false]);
    expect(likeMatcher('%(a+b)[c]%')('x(a+b)[c]y')).toBe(true);
    expect(likeMatcher('%line%')('multi\nline\ntext')).toBe(true);
  });
});
