import { describe, expect, it } from 'vitest';
import { isLikePattern, isTagPattern, likeMatcher, listMatcher } from './like-pattern.ts';

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

  it('compiles patterns with - and / (escaping them is a syntax error in a unicode regex)', () => {
    expect(['kill-chain:delivery', 'kill-chainXdelivery'].map(likeMatcher('kill-chain:%'))).toEqual([true, false]);
    expect(likeMatcher('%/gate.php')('http://a-b.example/gate.php')).toBe(true);
  });

  it('tag filters: % or _ anywhere makes a pattern; a list matches exact names or patterns', () => {
    expect(['tlp:%', 'a_b', 'misp-galaxy:x="y"', 'tlp:green'].map(isTagPattern)).toEqual([true, true, false, false]);
    const m = listMatcher(['TLP:Green', 'campaign:%'], isTagPattern, true);
    expect(['tlp:green', 'campaign:beta', 'tlp:amber'].map(m)).toEqual([true, true, false]);
    const t = listMatcher(['ip-%', 'md5'], isLikePattern);
    expect(['ip-dst', 'md5', 'MD5', 'ip%dst'].map(t)).toEqual([true, true, false, false]);
  });
});
