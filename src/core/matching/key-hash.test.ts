import { describe, expect, it } from 'vitest';
import { indexEntries } from './index-entries.ts';
import { hasIndexKey, keyHash } from './key-hash.ts';

describe('keyHash', () => {
  it('is a deterministic non-negative safe integer over the full UTF-16 range', () => {
    for (const k of ['', 'evil.com', 'EVIL.com', '例え.テスト', '\u0000', 'x'.repeat(1000)]) {
      const h = keyHash(k);
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      expect(keyHash(k)).toBe(h);
    }
    expect(keyHash('evil.com')).not.toBe(keyHash('EVIL.com'));
  });

  it('gives 1,000,000 distinct indicator-like keys 1,000,000 distinct hashes', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1_000_000; i++) {
      const k = i % 3 === 0 ? `h${i.toString(36)}.example.com` : i % 3 === 1 ? `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}` : `http://a/${i}`;
      seen.add(keyHash(k));
    }
    expect(seen.size).toBe(1_000_000);
  });

  it('checks a key against an attribute’s own index keys and how they are reached', () => {
    const e = indexEntries('url', 'http://bad-host.net/p');
    expect(hasIndexKey(e, 'bad-host.net', 2)).toBe(true);
    expect(hasIndexKey(e, 'bad-host.net', 0)).toBe(false);
    expect(hasIndexKey(e, 'other.net', 2)).toBe(false);
  });
});
