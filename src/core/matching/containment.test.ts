import { describe, expect, it } from 'vitest';
import { ipKey } from '../indicators/ip.ts';
import { containmentProbes } from './containment.ts';

// IPv4 keys sit in ::ffff:0:0/96, so an IPv4 /n is prefix length 96 + n in key space.
const V4 = (n: number) => 96 + n;

describe('containmentProbes (both intel-store adapters)', () => {
  it('one exact probe per stored prefix length, shared by the searched values that mask to it', () => {
    const a = ipKey('203.0.113.5');
    const b = ipKey('203.0.113.77');
    const range = { start: ipKey('203.0.113.0'), end: ipKey('203.0.113.127') }; // a /25
    const got = containmentProbes({ ipPoints: [a, b], ipRanges: [range] }, [V4(24), V4(25), V4(32)]);
    const slash24 = ipKey('203.0.113.0');
    expect(got).toEqual([
      { bits: V4(24), start: slash24, probes: [a, b, `${range.start}-${range.end}`] },
      { bits: V4(25), start: slash24, probes: [a, b, `${range.start}-${range.end}`] },
      // A /25 search does not fit inside a stored /32: only the points probe there.
      { bits: V4(32), start: a, probes: [a] },
      { bits: V4(32), start: b, probes: [b] },
    ]);
  });

  it('nothing to probe without searched addresses or stored lengths', () => {
    expect(containmentProbes({ ipPoints: [], ipRanges: [] }, [V4(24)])).toEqual([]);
    expect(containmentProbes({ ipPoints: [ipKey('10.0.0.1')], ipRanges: [] }, [])).toEqual([]);
  });
});
