import { describe, expect, it } from 'vitest';
import { normalizeUrl, urlScheme } from './url.ts';

describe('urlScheme', () => {
  it.each([
    ['http://x.com', 'http'],
    ['HTTPS://x.com', 'https'],
    ['https:/x.com', 'https'],
    ['tcp://1.2.3.4/x', 'tcp'],
    ['tcp:/x', null],
    ['evil.com:8080/x', null],
    ['x.com', null],
  ])('%s → %s', (s, scheme) => {
    expect(urlScheme(s)).toBe(scheme);
  });
});

describe('normalizeUrl', () => {
  it.each([
    ['https://www.welivesecurity.com/a/[CDRThief]', { value: 'https://www.welivesecurity.com/a/', note: 'link label removed' }],
    ['http://[::1]', { value: 'http://[::1]/' }],
    ['http://user@[2001:db8::1]:81/', { value: 'http://user@[2001:db8::1]:81/' }],
    ['tcp://ПРИМЕР.рф/x', { value: 'tcp://xn--e1afmkfd.xn--p1ai/x' }],
    ['http://intranet/x', { value: 'http://intranet/x' }],
    ['http://a_b.example.com/', { value: 'http://a_b.example.com/' }],
    ['http://example.com/a/../b/./c', { value: 'http://example.com/b/c' }],
    ['http://example.com\\a\\b', { value: 'http://example.com/a/b' }],
    ['https://x.com/?q=it\'s', { value: 'https://x.com/?q=it%27s' }],
    ['http://example.com:80', { value: 'http://example.com/' }],
    ['http:///x', { error: 'URL without a host' }],
    ['http://exa$mple.com/', { error: "URL host: invalid character '$' in host name" }],
    ['http://example.c0m/', { error: "URL host: top-level label 'c0m' is not valid" }],
  ] as const)('%s', (input, expected) => {
    expect(normalizeUrl(input)).toEqual(expected);
  });
});
