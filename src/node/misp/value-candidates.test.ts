import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../core/indicators/normalize.ts';
import { candidatesOf } from './value-candidates.ts';

describe('valueCandidates fast path', () => {
  it('always includes what the normaliser would store', () => {
    const samples = ['8.8.8.8', '010.1.1.1', '2001:DB8::1', 'Evil.Example.COM', 'hxxp://x[.]com/a', '44D88612FEA8A8F36DE82E1278ABB02F', 'AS15169', 'xn--bcher-kva.example', 'bücher.example', 'a.b'];
    for (const s of samples) {
      const n = normalize(s);
      if (n.ok) expect(candidatesOf(s).values, s).toContain(n.value);
    }
  });

  it('agrees with the normaliser on random IPv4, hashes and host names', () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    const hash = fc.constantFrom(16, 20, 32, 64).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })).map((b) => Buffer.from(b).toString('hex').toUpperCase());
    const host = fc.array(fc.stringMatching(/^[a-zA-Z0-9]{1,10}$/), { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.com`);
    fc.assert(
      fc.property(fc.oneof(ipv4, hash, host), (s) => {
        const n = normalize(s);
        if (n.ok) expect(candidatesOf(s).values).toContain(n.value);
      }),
      { numRuns: 500 },
    );
  });
});
