import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CryptoPan } from './cryptopan.ts';
import { parseKeyText } from './key-file.ts';
import { formatIPv4, formatIPv6, parseIPv4 } from '../../core/net/ip-fast.ts';

const dir = path.resolve(process.cwd(), '../shared/data/cryptopan');
const keyHex = /hex: ([0-9a-f]{64})/.exec(readFileSync(path.join(dir, 'key.txt'), 'utf8'))![1]!;
const padHex = /pad_hex.*: ([0-9a-f]{32})$/m.exec(readFileSync(path.join(dir, 'key.txt'), 'utf8'))![1]!;
const orig = new CryptoPan(parseKeyText(keyHex));

const keys: Record<string, Uint8Array> = {
  ORIG: parseKeyText(keyHex),
  SEQ: Uint8Array.from({ length: 32 }, (_, i) => i),
  ASCII: new TextEncoder().encode('32-char-str-for-AES-key-and-pad.'),
};

describe('Crypto-PAn', () => {
  it('derives the reference pad', () => {
    expect(Buffer.from(orig.pad).toString('hex')).toBe(padHex);
  });

  it('reproduces all 100 official IPv4 pairs, one by one and in one batch', () => {
    const pairs = readFileSync(path.join(dir, 'ipv4-pairs.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t') as [string, string]);
    expect(pairs).toHaveLength(100);
    for (const [a, b] of pairs) expect(orig.anonymise(a)).toBe(b);
    const batch = orig.anonymiseV4Batch(Uint32Array.from(pairs.map(([a]) => parseIPv4(a))));
    expect(Array.from(batch, formatIPv4)).toEqual(pairs.map(([, b]) => b));
  });

  it('reproduces the sanitized sample trace', () => {
    const raw = readFileSync(path.join(dir, 'sample_trace_raw.dat'), 'utf8').trim().split('\n');
    const san = readFileSync(path.join(dir, 'sample_trace_sanitized.dat'), 'utf8').trim().split('\n');
    raw.forEach((line, i) => {
      const ip = line.split(/\s+/)[2]!;
      expect(orig.anonymise(ip)).toBe(san[i]!.split(/\s+/)[2]);
    });
  });

  it('reproduces the IPv6 and extra-key vectors', () => {
    const rows = readFileSync(path.join(dir, 'ipv6-and-extra-vectors.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rows.length).toBe(9);
    for (const row of rows) {
      const [keyId, input, output] = row.split('\t') as [string, string, string];
      expect(new CryptoPan(keys[keyId]!).anonymise(input)).toBe(output);
    }
  });

  it('round-trips (de-anonymises) IPv4 and IPv6 and preserves prefixes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (a, bits) => {
        const p = orig.anonymiseV4Number(a);
        expect(orig.deanonymiseV4Number(p)).toBe(a);
        const b = (a ^ (bits === 32 ? 0 : 1 << (31 - bits))) >>> 0;
        const q = orig.anonymiseV4Number(b);
        const shared = Math.clz32((a ^ b) >>> 0);
        expect(Math.clz32((p ^ q) >>> 0)).toBe(shared);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (a) => {
        const p = orig.anonymiseV6Bytes(a);
        expect(Array.from(orig.deanonymiseV6Bytes(p))).toEqual(Array.from(a));
      }),
      { numRuns: 100 },
    );
    expect(orig.deanonymise('4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e')).toBe('2001:db8::1');
    expect(formatIPv6(orig.anonymiseV6Bytes(new Uint8Array(16)))).toMatch(/:/);
  });

  it('rejects bad keys and non-addresses', () => {
    expect(() => parseKeyText('abc')).toThrow(/64 hex/);
    expect(() => new CryptoPan(new Uint8Array(16))).toThrow(/32 bytes/);
    expect(orig.anonymise('not-an-ip')).toBeNull();
  });
});
