import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commonBits, maskKey } from './ip-bits.ts';

describe('ip-bits', () => {
  it('computes the prefix of a range from its start and end keys', () => {
    expect(commonBits('0a000000', '0affffff')).toBe(8);
    expect(commonBits('0a000000', '0a00007f')).toBe(25);
    expect(commonBits('0a000000', '0a000000')).toBe(32);
  });

  it('masks keys to a prefix', () => {
    expect(maskKey('c0a80105', 24)).toBe('c0a80100');
    expect(maskKey('c0a801ff', 25)).toBe('c0a80180');
    expect(maskKey('c0a801ff', 0)).toBe('00000000');
    expect(maskKey('c0a801ff', 32)).toBe('c0a801ff');
  });

  it('masking at commonBits of a range gives the range start for any key inside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 0xffffffff }), (base, bits, off) => {
        const size = 2 ** (32 - bits);
        const start = Math.floor(base / size) * size;
        const end = start + size - 1;
        const hex = (n: number) => n.toString(16).padStart(8, '0');
        expect(commonBits(hex(start), hex(end))).toBe(bits);
        expect(maskKey(hex(start + (off % size)), bits)).toBe(hex(start));
      }),
    );
  });
});
