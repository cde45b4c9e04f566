import { v5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { textUuid, uuid5 } from './uuid5.ts';

describe('uuid5', () => {
  it('equals the uuid package for ASCII and non-ASCII names', () => {
    for (const [name, ns] of [
      ['ip-dst|198.51.100.7', '3f1f4d8e-5a7b-4c1e-9a53-7d0a0b6f2c11'],
      ['日本語.example', '00abedb4-aa42-466c-9c01-fed23315a9b7'],
      ['', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'],
    ] as const) expect(uuid5(name, ns)).toBe(v5(name, ns));
  });

  it('textUuid is deterministic and shaped like a version-5 uuid', () => {
    const a = textUuid('ip-dst|198.51.100.7', '3f1f4d8e-5a7b-4c1e-9a53-7d0a0b6f2c11');
    expect(a).toBe(textUuid('ip-dst|198.51.100.7', '3f1f4d8e-5a7b-4c1e-9a53-7d0a0b6f2c11'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(textUuid('ip-dst|198.51.100.8', '3f1f4d8e-5a7b-4c1e-9a53-7d0a0b6f2c11')).not.toBe(a);
  });
});
