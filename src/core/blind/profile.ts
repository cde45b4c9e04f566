/**
 * The community-wide blind-search profile (which prefix levels exist, expansion caps) and the shape a
 * token set publishes (which of those levels it actually uses, so searchers expand no further).
 */
import type { IpVersion } from './ip-prefix.ts';

export interface LevelSet {
  v4: readonly number[];
  v6: readonly number[];
}

export interface BlindProfile {
  /**
   * Prefix lengths at which stored ranges are tokenised for containment. A stored /N range becomes the
   * 2^(p−N) prefixes at the first level p ≥ N, so a gap of g bits bounds that to 2^(g−1) tokens per range.
   */
  cidrLevels: LevelSet;
  /** Coarse levels at which stored addresses and ranges are marked for "stored inside searched range". */
  withinLevels: LevelSet;
  /** Most tokens one stored range may produce (ranges needing more are not tokenised). */
  maxRangeTokens: number;
  /** Most OPRF inputs one searched value may expand to (a broader searched range is refused). */
  maxInputsPerValue: number;
}

const step8 = (from: number, to: number): number[] => Array.from({ length: (to - from) / 8 + 1 }, (_, i) => from + 8 * i);

/**
 * Default profile: IPv4 levels /8, /16, /24, /28, /32 (a range yields at most 128 tokens, a range narrower
 * than /24 at most 8), IPv6 every 8 bits; within-markers at /16 and /24 (IPv6 /32 and /48).
 */
export const DEFAULT_PROFILE: BlindProfile = Object.freeze({
  cidrLevels: { v4: [8, 16, 24, 28, 32], v6: step8(16, 128) },
  withinLevels: { v4: [16, 24], v6: [32, 48] },
  maxRangeTokens: 128,
  maxInputsPerValue: 256,
});

/** What a token set publishes about itself: the levels present, a subset of the profile's. */
export interface SetShape {
  cidrLevels: LevelSet;
  withinLevels: LevelSet;
}

/** The levels for one address family. */
export function levelsOf(s: LevelSet, v: IpVersion): readonly number[] {
  return v === 4 ? s.v4 : s.v6;
}

/** Union of several sets' shapes: a searcher sending one batch to many nodes expands to all their levels. */
export function unionShape(shapes: readonly SetShape[]): SetShape {
  const u = (pick: (s: SetShape) => readonly number[]) => [...new Set(shapes.flatMap(pick))].sort((a, b) => a - b);
  return {
    cidrLevels: { v4: u((s) => s.cidrLevels.v4), v6: u((s) => s.cidrLevels.v6) },
    withinLevels: { v4: u((s) => s.withinLevels.v4), v6: u((s) => s.withinLevels.v6) },
  };
}
