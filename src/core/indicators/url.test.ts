import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastHttpUrl, normalizeUrl, urlScheme } from './url.ts';

const IOCS = path.resolve(process.cwd(), '../shared/data/iocs');

function whatwg(s: string): string | null {
  try {
    return new URL(s).href;
  } catch {
    return null;
  }
}

describe('fastHttpUrl agrees with the WHATWG parser', () => {
  it('on every ThreatFox and phishunt URL (where it answers at all)', () => {
    const field = (l: string, i: number) => (l.split('", "')[i] ?? '').replace(/^"|"$/g, '');
    const urls = [
      ...readFileSync(path.join(IOCS, 'abusech-threatfox/full_urls.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => field(l, 2)),
      ...readFileSync(path.join(IOCS, 'phishing/phishunt-2026-07-03/feed.csv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]!),
    ];
    let answered = 0;
    const mismatches: string[] = [];
    for (const u of urls) {
      const fast = fastHttpUrl(u);
      if (fast === null) continue;
      answered++;
      if (fast !== whatwg(u)) mismatches.push(`${u} → ${fast} ≠ ${whatwg(u)}`);
    }
    expect(mismatches).toEqual([]);
    expect(answered).toBeGreaterThan(urls.length / 2);
  });

  it('on generated URLs built from awkward characters', () => {
    const piece = fc.constantFrom('a', 'B', '0', '9', '.', '..', '/', '/./', '/../', '%2e', '%2E', '%', '?', '#', ':', '@', '-', '_', '~', '[', ']', "'", '"', ' ', '\\', '|', '^', '`', '{', '}', 'é', 'xn--', '0x', '::', '&', '=');
    const str = (max: number) => fc.array(piece, { maxLength: max }).map((xs) => xs.join(''));
    const arb = fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://', 'http:/', 'ftp://'), str(6), fc.constantFrom('', ':80', ':443', ':8080', ':0', ':', ':65536'), str(10));
    fc.assert(
      fc.property(arb, ([scheme, host, port, rest]) => {
        const s = `${scheme}${host}${port}${rest}`;
        const fast = fastHttpUrl(s);
        return fast === null || fast === whatwg(s);
      }),
      { numRuns: 20_000 },
    );
  });
});

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
    ['http://exa$mple.com/', { error: "invalid character in URL host" }],
    ['http://example.c0m/', { error: "URL host: top-level label 'c0m' is not valid" }],
  ] as const)('%s', (input, expected) => {
    expect(normalizeUrl(input)).toEqual(expected);
  });
});
