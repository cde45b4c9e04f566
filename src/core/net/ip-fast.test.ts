import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { normalize } from '../indicators/normalize.ts';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6, parseIp } from './ip-fast.ts';

describe('IPv4', () => {
  it('parses and formats dotted quads', () => {
    expect(parseIPv4('192.0.2.1')).toBe(0xc0000201);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(formatIPv4(parseIPv4('10.1.2.3'))).toBe('10.1.2.3');
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', 'a.b.c.d', '', '1.2.3.4 ', '1.2.3.0256']) expect(parseIPv4(bad)).toBe(-1);
  });

  it('reads leading zeros as decimal, as the normaliser does, so logs and indicators agree', () => {
    expect(parseIPv4('01.2.3.4')).toBe(0x01020304);
    expect(formatIPv4(parseIPv4('010.001.002.003'))).toBe('10.1.2.3');
    expect(normalize('010.001.002.003')).toMatchObject({ type: 'ip-dst', value: '10.1.2.3' });
  });
});

describe('IPv6', () => {
  it('formats in RFC 5952 form', () => {
    const f = (s: string): string => formatIPv6(parseIPv6(s)!);
    expect(f('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(f('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(f('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(f('::')).toBe('::');
    expect(f('::1')).toBe('::1');
    expect(f('fe80::')).toBe('fe80::');
    expect(f('::ffff:1.2.3.4')).toBe('::ffff:102:304');
    expect(f('FE80:0000:0000:0000:0202:B3FF:FE1E:8329')).toBe('fe80::202:b3ff:fe1e:8329');
  });

  it('rejects malformed addresses', () => {
    for (const bad of [':', ':::', '1:::2', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7', '1:', ':1']) expect(parseIPv6(bad)).toBeNull();
  });

  it('agrees with ipaddr.js on random addresses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = ipaddr.fromByteArray(Array.from(bytes)).toString();
        const parsed = parseIPv6(text);
        expect(parsed).not.toBeNull();
        expect(Array.from(parsed!)).toEqual(Array.from(bytes));
        expect(formatIPv6(parsed!)).toBe((ipaddr.parse(text) as ipaddr.IPv6).toRFC5952String());
      }),
      { numRuns: 500 },
    );
  });

  it('folds IPv4-mapped addresses to IPv4', () => {
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ v: 4, n: 0xc0000201 });
    expect(parseIp('fe80::1%eth0')?.v).toBe(6);
    expect(parseIp('nonsense')).toBeNull();
  });
});
