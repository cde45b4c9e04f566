import { describe, expect, it } from 'vitest';
import { cidrRange, ipKey, isNonRoutable, parseCidr, parseIp } from './ip.ts';

describe('parseIp', () => {
  it.each([
    ['1.2.3.4', 4, '1.2.3.4'],
    ['001.002.003.004', 4, '1.2.3.4'],
    ['2001:DB8:0:0:0:0:0:1', 6, '2001:db8::1'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', 6, '2001:db8::1:0:0:1'],
    ['::FFFF:1.2.3.4', 4, '1.2.3.4'],
    ['::ffff:0102:0304', 4, '1.2.3.4'],
    ['::1', 6, '::1'],
    ['fe80:0:0:0:0:0:0:1', 6, 'fe80::1'],
  ] as const)('%s → v%d %s', (input, version, canonical) => {
    expect(parseIp(input)).toEqual({ version, canonical });
  });

  it.each([
    '256.1.1.1', '1.2.3', '1.2.3.4.5', 'example.com', '', ':::', '1::2::3', 'fe80::1%eth0', '0x7f.0.0.1',
    // certificate serial in colon-hex form (ESET king_tut/README.adoc) and an 8-byte fragment of it
    '3e:0a:2c:0e:38:22:59:d6:91:52:e1:7e:09:e4:d1:65', '3e:0a:2c:0e:38:22:59:d6',
  ])('rejects %s', (input) => {
    expect(parseIp(input)).toBeNull();
  });
});

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['1.2.3.4/24', '1.2.3.0/24', true],
    ['1.2.3.4/32', '1.2.3.4', false],
    ['0.0.0.0/0', '0.0.0.0/0', false],
    ['2001:db8::1/64', '2001:db8::/64', true],
    ['2001:DB8::1/128', '2001:db8::1', false],
    ['::ffff:1.2.3.4/120', '1.2.3.0/24', true],
  ] as const)('%s → %s', (input, value, cleared) => {
    const r = parseCidr(input);
    expect(r).toMatchObject({ value, hostBitsCleared: cleared });
  });

  it.each([
    ['1.2.3.4/33', 'IPv4 prefix /33 is longer than 32'],
    ['2001:db8::/129', 'IPv6 prefix /129 is longer than 128'],
    ['1.2.3.4/x', 'CIDR prefix is not a number'],
    ['1.2.3/24', 'CIDR address is not a valid IP address'],
  ])('%s → %s', (input, error) => {
    expect(parseCidr(input)).toEqual({ error });
  });
});

describe('ipKey', () => {
  it('is 32 lowercase hex digits with IPv4 in ::ffff:0:0/96', () => {
    expect(ipKey('1.2.3.4')).toBe('00000000000000000000ffff01020304');
    expect(ipKey('2001:db8::1')).toBe('20010db8000000000000000000000001');
    expect(ipKey('::1')).toBe('00000000000000000000000000000001');
  });

  it('orders addresses numerically across both families', () => {
    const ips = ['10.0.0.1', '9.255.255.255', '2001:db8::1', '::1', '255.255.255.255', '1.2.3.4', 'fe80::1', '10.0.0.10'];
    const sorted = [...ips].sort((a, b) => (ipKey(a) < ipKey(b) ? -1 : 1));
    expect(sorted).toEqual(['::1', '1.2.3.4', '9.255.255.255', '10.0.0.1', '10.0.0.10', '255.255.255.255', '2001:db8::1', 'fe80::1']);
  });

  it('throws on a non-address', () => {
    expect(() => ipKey('example.com')).toThrow();
  });
});

describe('cidrRange', () => {
  it.each([
    ['10.0.0.0/8', '00000000000000000000ffff0a000000', '00000000000000000000ffff0affffff', 8, 4],
    ['1.2.3.4', '00000000000000000000ffff01020304', '00000000000000000000ffff01020304', 32, 4],
    ['1.2.3.77/30', '00000000000000000000ffff0102034c', '00000000000000000000ffff0102034f', 30, 4],
    ['0.0.0.0/0', '00000000000000000000ffff00000000', '00000000000000000000ffffffffffff', 0, 4],
    ['2001:db8::/32', '20010db8000000000000000000000000', '20010db8ffffffffffffffffffffffff', 32, 6],
    ['fe80::/10', 'fe800000000000000000000000000000', 'febfffffffffffffffffffffffffffff', 10, 6],
    ['2001:db8::1', '20010db8000000000000000000000001', '20010db8000000000000000000000001', 128, 6],
  ] as const)('%s', (cidr, start, end, prefix, version) => {
    expect(cidrRange(cidr)).toEqual({ start, end, prefix, version });
  });

  it('returns null for junk', () => {
    expect(cidrRange('1.2.3.4/40')).toBeNull();
    expect(cidrRange('nope')).toBeNull();
  });
});

describe('isNonRoutable', () => {
  // firehol_level1.netset lists these blocks; Vultr's range list includes the documentation ranges.
  it.each([
    '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
    '224.0.0.0/3', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '10.10.30.110', '172.31.255.255',
    '100.127.0.1', '239.1.2.3', '255.255.255.255', '198.19.0.1', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1',
    'ff02::1', '2001:db8::1', '2001:db8::/48', '64:ff9b::a00:1',
  ])('%s is non-routable', (ip) => {
    expect(isNonRoutable(ip)).toBe(true);
  });

  it.each(['1.2.3.4', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.32.0.1', '223.255.255.255', '192.0.3.1', '2001:4860:4860::8888', '64:ff9b::808:808', '1.0.0.0/8', '0.0.0.0/0', 'example.com'])(
    '%s is routable (or not an address)',
    (ip) => {
      expect(isNonRoutable(ip)).toBe(false);
    },
  );
});
