import { describe, expect, it } from 'vitest';
import { normalizeHostname, parentDomains, registrableDomain, urlHost } from './domain.ts';

describe('registrableDomain', () => {
  it.each([
    ['www.example.com', 'example.com'],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['MALWARE.DSMTP.COM', 'dsmtp.com'],
    ['636695lm.nyashkoon.top', 'nyashkoon.top'], // maltrail dcrat.txt
    ['x.duckdns.org', 'x.duckdns.org'], // private PSL section: duckdns.org is a suffix
    ['a.b.blogspot.com', 'b.blogspot.com'],
    ['example.com.', 'example.com'],
    ['duckdns.org', null],
    ['co.uk', null],
    ['1.2.3.4', null],
  ])('%s → %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});

describe('parentDomains', () => {
  it.each([
    ['a.b.example.com', ['b.example.com', 'example.com']],
    ['636695lm.nyashkoon.top', ['nyashkoon.top']],
    ['example.com', []],
    // shared providers: the provider's own name is a public suffix and never a parent
    ['evil.duckdns.org', []],
    ['www.evil.duckdns.org', ['evil.duckdns.org']],
    ['x.y.ddns.net', ['y.ddns.net']],
    ['cjturs3.localto.net', []],
    ['1.2.3.4', []],
  ])('%s → %j', (host, expected) => {
    expect(parentDomains(host)).toEqual(expected);
  });
});

describe('urlHost', () => {
  it.each([
    ['http://example.com/', 'example.com'],
    ['https://user:pw@example.com:8443/a?b#c', 'example.com'],
    ['http://[2001:db8::1]:8080/x', '2001:db8::1'],
    ['ftp://anonymous:anonymous@81.181.129.231/all.sh', '81.181.129.231'],
    ['tcp://46.8.231.224/scripts/4thepool_miner.sh', '46.8.231.224'],
    ['http://example.com?q=1', 'example.com'],
    ['http://[::ffff:102:304]/', '1.2.3.4'],
    ['http://example.com./x', 'example.com'],
    ['example.com', null],
    ['file:///etc/passwd', null],
  ])('%s → %s', (url, host) => {
    expect(urlHost(url)).toBe(host);
  });
});

describe('normalizeHostname', () => {
  it.each([
    ['Example.COM.', 'domain', 'example.com'],
    ['www.example.com', 'hostname', 'www.example.com'],
    ['пример.рф', 'domain', 'xn--e1afmkfd.xn--p1ai'],
    ['bücher。example', 'domain', 'xn--bcher-kva.example'],
    ['_dmarc.example.com', 'hostname', '_dmarc.example.com'],
    ['duckdns.org', 'domain', 'duckdns.org'],
    ['according-psp.at.ply.gg', 'hostname', 'according-psp.at.ply.gg'], // maltrail xworm: wildcard PSL rule
  ] as const)('%s → %s %s', (input, type, value) => {
    expect(normalizeHostname(input)).toMatchObject({ type, value });
  });

  it.each([
    ['support¬forum.org', "invalid character '¬' in host name"], // maltrail apt_darkhotel.txt
    ['localhost', 'single label, not a domain name'],
    ['a..b.com', 'empty label in host name'],
    ['exa mple.com', "invalid character ' ' in host name"],
    ['example.c0m', "top-level label 'c0m' is not valid"],
    [`${'a'.repeat(64)}.com`, 'label longer than 63 characters'],
    [`${'abcdefghi.'.repeat(26)}com`, 'host name longer than 253 characters'],
    ['co.uk', 'co.uk is a public suffix, not a domain name'],
  ])('%s → %s', (input, error) => {
    expect(normalizeHostname(input)).toEqual({ error });
  });
});
