import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.ts';
import { rejectionCode } from './rejection-code.ts';

/** Input → the code (and parameters) its rejection must carry; covers every kind of reason the normaliser gives. */
const CASES: [string, string, Record<string, string>][] = [
  ['hello world', 'whitespace', {}],
  ['foo', 'single_label', {}],
  ['12345', 'bare_number', {}],
  ['1.2.3.999', 'ipv4_invalid', {}],
  ['1.2.3.4:99999', 'port_range', {}],
  ['::zz', 'ipv6_invalid', {}],
  ['[::zz]', 'ipv6_invalid', {}],
  ['a..b.com', 'empty_label', {}],
  [`${'x'.repeat(70)}.com`, 'label_too_long', {}],
  ['http://', 'url_no_host', {}],
  ['hxxp://a b.com/', 'whitespace', {}],
  ['/path', 'url_no_host', {}],
  ['10.0.0.0/40', 'cidr_prefix_range', { version: '4', prefix: '40', max: '32' }],
  ['zz/8', 'single_label', { part: 'url_host' }],
  ['abcdef', 'hash_length', { digits: '6' }],
  ['user@', 'empty', { part: 'email_domain' }],
  ['user@com', 'single_label', { part: 'email_domain' }],
  ['AS99999999999', 'asn_invalid', {}],
  ['fe80::1%eth0', 'ipv6_zone', {}],
  ['aa:bb:cc:dd:ee:ff', 'hex_bytes', {}],
  ['a\u0000b', 'control_characters', {}],
  ['a\u200bb', 'invisible_characters', {}],
  ['1.2.3.4|', 'composite_invalid', {}],
  ['http://xn--zz.com', 'url_invalid', {}],
  ['not_a_domain!', 'host_character', { char: '!' }],
  [`${'a.'.repeat(130)}com`, 'host_too_long', {}],
  ['x'.repeat(5000), 'too_long', { max: '4096' }],
];

describe('rejection codes', () => {
  it.each(CASES.map(([i, c, p]) => [i.slice(0, 40), i, c, p] as const))('%s → %s', (_name, input, code, params) => {
    const n = normalize(input);
    expect(n.ok).toBe(false);
    if (n.ok) return;
    expect(rejectionCode(n.error)).toEqual({ code, params });
  });

  it('codes forced-type and unknown-type reasons with their parameters', () => {
    const mismatch = normalize('1.2.3.4', { type: 'md5' });
    expect(!mismatch.ok && rejectionCode(mismatch.error)).toEqual({ code: 'type_mismatch', params: { type: 'md5', detected: 'ip-dst' } });
    expect(rejectionCode("unsupported type 'foo'")).toEqual({ code: 'unsupported_type', params: { type: 'foo' } });
    expect(rejectionCode('co.jp is a public suffix, not a domain name')).toEqual({ code: 'public_suffix', params: { host: 'co.jp' } });
    expect(rejectionCode('something new')).toEqual({ code: 'unrecognised', params: {} });
  });
});
