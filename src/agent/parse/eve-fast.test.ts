import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eveLines } from '../generate/eve-generator.ts';
import { parseEveLine } from './eve.ts';
import { scanEveLine } from './eve-fast.ts';

const data = path.resolve(process.cwd(), '../shared/data/eve');
const real = ['suricata-verify', 'dcso-fever'].flatMap((d) =>
  readdirSync(path.join(data, d)).filter((f) => f.endsWith('.json')).flatMap((f) => readFileSync(path.join(data, d, f), 'utf8').split('\n').filter(Boolean)),
);

describe('scanEveLine (fast path)', () => {
  it('agrees with the JSON.parse parser on every real and generated line it accepts', () => {
    let accepted = 0;
    for (const line of [...real, ...eveLines({ lines: 3000, seed: 11 })]) {
      const fast = scanEveLine(line);
      if (fast === null) continue;
      accepted++;
      expect(fast, line).toEqual(parseEveLine(line));
    }
    expect(accepted).toBeGreaterThan(2500);
  });

  it('declines truncated, unbalanced, trailing-garbage and escaped-field lines', () => {
    const good = [...eveLines({ lines: 1, seed: 2 })][0]!;
    expect(scanEveLine(good)).not.toBeNull();
    for (let cut = 1; cut < good.length; cut += 7) expect(scanEveLine(good.slice(0, cut))).toBeNull();
    expect(scanEveLine(good + 'x')).toBeNull();
    expect(scanEveLine(good.replace('"src_ip":"', '"src_ip":"\\u0031'))).toBeNull();
    expect(scanEveLine('{"timestamp":"2020-01-01T00:00:00Z","event_type":"alert","src_ip":42}')).toBeNull();
  });

  it('never disagrees with JSON.parse on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.record({ timestamp: fc.constantFrom('2026-11-01T00:00:00.000000+0000', 'x'), event_type: fc.constantFrom('alert', 'flow'), src_ip: fc.ipV4(), dest_ip: fc.ipV6(), src_port: fc.integer({ min: -5, max: 70000 }), alert: fc.record({ signature: fc.string(), signature_id: fc.nat(), extra: fc.jsonValue() }), other: fc.jsonValue() }), (o) => {
        const line = JSON.stringify(o);
        const fast = scanEveLine(line);
        if (fast !== null) expect(fast).toEqual(parseEveLine(line));
      }),
      { numRuns: 500 },
    );
  });
});
