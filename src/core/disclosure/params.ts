/**
 * Parameters of statistical disclosure control for published community figures. They are published
 * with every figure (see `methodology.ts`); only the report seed stays secret.
 */
import { DEFAULT_MIN_MEMBERS } from '../stats/member-threshold.ts';

/** Version of the method named in methodology lines; bump when the computation changes. */
export const METHOD_VERSION = 'renkei-sdc/1';

/** How figures are protected. */
export interface DisclosureParams {
  /** Cells from fewer than this many distinct members are suppressed. */
  minMembers: number;
  /** Smallest rounding step: figures are multiples of at least this (e.g. 10). */
  step: number;
  /** Figures are also rounded to this many significant digits (the larger step wins); 0 turns it off. */
  significantDigits: number;
  /** Noise amplitude in rounding steps: uniform noise in ±noiseSteps·step is added before rounding. */
  noiseSteps: number;
}

/** k for public (TLP:CLEAR) reports. */
export const PUBLIC_MIN_MEMBERS = 5;

/** Defaults for public reports: k = 5, 3 significant digits, at least tens, noise up to one step. */
export const PUBLIC_PARAMS: DisclosureParams = { minMembers: PUBLIC_MIN_MEMBERS, step: 10, significantDigits: 3, noiseSteps: 1 };

/** Parameters for an audience: public reports use k = 5 (or more); members-only views keep the hub's k. */
export function paramsFor(audience: 'public' | 'members', hubMinMembers: number = DEFAULT_MIN_MEMBERS, overrides: Partial<DisclosureParams> = {}): DisclosureParams {
  const minMembers = audience === 'public' ? Math.max(PUBLIC_MIN_MEMBERS, hubMinMembers) : hubMinMembers;
  return checkParams({ ...PUBLIC_PARAMS, minMembers, ...overrides });
}

/** Throws RangeError on parameters that would not protect anything (k < 2, step < 1, no noise). */
export function checkParams(p: DisclosureParams): DisclosureParams {
  if (!Number.isInteger(p.minMembers) || p.minMembers < 2) throw new RangeError(`minMembers must be an integer ≥ 2, got ${p.minMembers}`);
  if (!Number.isInteger(p.step) || p.step < 1) throw new RangeError(`step must be an integer ≥ 1, got ${p.step}`);
  if (!Number.isInteger(p.significantDigits) || p.significantDigits < 0) throw new RangeError(`significantDigits must be an integer ≥ 0, got ${p.significantDigits}`);
  if (!(p.noiseSteps > 0) || !Number.isFinite(p.noiseSteps)) throw new RangeError(`noiseSteps must be > 0, got ${p.noiseSteps}`);
  return p;
}
