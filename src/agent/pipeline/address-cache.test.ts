import { describe, expect, it } from 'vitest';
import { AddressCache, NO_ADDRESS } from './address-cache.ts';
import { networkSet } from './networks.ts';
import { classifySides, SIDE_OWN, SIDE_PRESENT, SIDE_RESERVED, SIDE_VALID } from './sides.ts';

const own = networkSet(['198.51.100.0/24', '2001:db8::/32']);
const quad = (i: number): string => `${1 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}.7`;

describe('AddressCache', () => {
  it('gives side bits for IPv4, IPv6, own, reserved, junk and absent addresses', () => {
    const c = new AddressCache(own);
    c.lookup('203.0.113.9', '198.51.100.4');
    expect(c.flags(c.src)).toBe(SIDE_PRESENT | SIDE_VALID);
    expect(c.flags(c.dst)).toBe(SIDE_PRESENT | SIDE_VALID | SIDE_OWN);
    c.lookup('10.1.2.3', '2001:db8::1');
    expect(c.flags(c.src)).toBe(SIDE_PRESENT | SIDE_VALID | SIDE_RESERVED);
    expect(c.flags(c.dst)).toBe(SIDE_PRESENT | SIDE_VALID | SIDE_OWN);
    expect(c.ip(c.dst).v).toBe(6);
    c.lookup('not an address', null);
    expect(c.flags(c.src)).toBe(SIDE_PRESENT);
    expect(c.dst).toBe(NO_ADDRESS);
    expect(c.flags(NO_ADDRESS)).toBe(0);
  });

  it('stores country, ASN and hashes per address, unsigned and with null kept apart from 0', () => {
    const c = new AddressCache(own);
    c.lookup('203.0.113.9', '2001:db8::1');
    const [a, b] = [c.src, c.dst];
    expect(c.hasInfo(a) || c.hasSource(a) || c.hasTarget(b)).toBe(false);
    c.setInfo(a, { asn: 4_294_967_295, asName: null, country: 'JP' });
    c.setInfo(b, { asn: null, asName: null, country: null });
    c.setSource(a, [0xffffffff, 0x80000001]);
    c.setTarget(b, [1, 0xfffffffe]);
    c.lookup('203.0.113.9', '2001:db8::1');
    expect(c.src).toBe(a);
    expect([c.country(a), c.asn(a), c.sourceHi(a), c.sourceLo(a)]).toEqual(['JP', 4_294_967_295, 0xffffffff, 0x80000001]);
    expect([c.country(b), c.asn(b), c.targetHi(b), c.targetLo(b)]).toEqual([null, null, 1, 0xfffffffe]);
    expect(c.ip(a)).toEqual({ v: 4, n: 0xcb007109 });
    c.lookup('192.0.2.1', null);
    c.setInfo(c.src, { asn: 0, asName: null, country: 'US' });
    expect(c.asn(c.src)).toBe(0);
    // An ASN the words cannot hold is not stored: the caller looks it up again.
    c.setInfo(c.src, { asn: 1.5, asName: null, country: 'US' });
    c.lookup('192.0.2.2', null);
    c.setInfo(c.src, { asn: 2 ** 40, asName: null, country: 'US' });
    expect(c.hasInfo(c.src)).toBe(false);
  });

  it('keeps every entry through table growth, and the first handle of a pair valid', () => {
    const c = new AddressCache(own);
    const n = 20_000;
    for (let i = 0; i < n; i += 2) {
      c.lookup(quad(i), quad(i + 1));
      const [s, d] = [c.src, c.dst];
      c.setSource(s, [i, ~i >>> 0]);
      c.setSource(d, [i + 1, ~(i + 1) >>> 0]);
      expect([c.sourceHi(s), c.sourceHi(d)]).toEqual([i, i + 1]);
    }
    for (let i = 0; i < n; i++) {
      c.lookup(quad(i), null);
      expect(c.hasSource(c.src)).toBe(true);
      expect([c.sourceHi(c.src), c.sourceLo(c.src)]).toEqual([i, ~i >>> 0]);
    }
  });

  it('empties itself when full and answers correctly afterwards', () => {
    const c = new AddressCache(own, 16);
    for (let i = 0; i < 100; i++) {
      c.lookup(quad(i), `2001:db8::${i.toString(16)}`);
      if (!c.hasSource(c.src)) c.setSource(c.src, [i, i]);
      expect(c.sourceHi(c.src)).toBe(i);
      expect(c.flags(c.dst)).toBe(SIDE_PRESENT | SIDE_VALID | SIDE_OWN);
      expect(c.ip(c.dst)).toEqual(expect.objectContaining({ v: 6 }));
    }
    c.lookup(quad(99), null);
    expect(c.sourceHi(c.src)).toBe(99);
  });
});

describe('classifySides', () => {
  const v = SIDE_PRESENT | SIDE_VALID;
  it('names the remote side, or why the event is not shared', () => {
    expect(classifySides(v, v | SIDE_OWN, true, false)).toBe('remote_src');
    expect(classifySides(v | SIDE_OWN, v, true, false)).toBe('remote_dst');
    expect(classifySides(v | SIDE_OWN, v | SIDE_OWN, true, false)).toBe('internal');
    expect(classifySides(v, v, false, false)).toBe('remote_src');
    expect(classifySides(v, v, false, true)).toBe('remote_dst');
    expect(classifySides(v | SIDE_RESERVED, v, false, false)).toBe('internal');
    expect(classifySides(SIDE_PRESENT, v, false, false)).toBe('bad_address');
    expect(classifySides(v, SIDE_PRESENT, false, false)).toBe('bad_address');
    expect(classifySides(0, 0, false, false)).toBe('no_address');
    expect(classifySides(0, v, false, false)).toBe('internal');
    expect(classifySides(0, v, true, false)).toBe('internal');
    expect(classifySides(v, 0, true, false)).toBe('remote_src');
  });
});
