/**
 * Bit arithmetic on the fixed-width hex IP keys of `core/indicators/ip.ts`. Works on the key text alone,
 * so the store can probe "which stored range of N leading bits contains this key" by exact lookups.
 */

const bitLength = (x: number): number => (x === 0 ? 0 : 32 - Math.clz32(x));

/** Number of leading bits shared by a range's start and end keys (the prefix length in key space). */
export function commonBits(start: string, end: string): number {
  const n = Math.min(start.length, end.length);
  for (let i = 0; i < n; i++) {
    if (start[i] !== end[i]) {
      const x = parseInt(start[i]!, 16) ^ parseInt(end[i]!, 16);
      return i * 4 + (4 - bitLength(x));
    }
  }
  return n * 4;
}

/** The key with every bit after the first `bits` cleared (the start of the enclosing range). */
export function maskKey(key: string, bits: number): string {
  if (bits >= key.length * 4) return key;
  const full = Math.floor(bits / 4);
  const rest = bits % 4;
  let out = key.slice(0, full);
  if (rest > 0) {
    const nib = parseInt(key[full]!, 16) & (0xf << (4 - rest)) & 0xf;
    out += nib.toString(16);
    return out + '0'.repeat(key.length - full - 1);
  }
  return out + '0'.repeat(key.length - full);
}
