/**
 * Rounding with noise: a figure x is published as x + u·noiseSteps·s rounded to a multiple of s, where s
 * is the figure's rounding step and u the keyed noise in [-1, 1). Someone who knows every contribution but
 * one learns that one only to within about (2·noiseSteps + 1)·s values.
 */
import type { DisclosureParams } from './params.ts';
import { keyedUnit, type ReportSeed } from './keyed-noise.ts';

/** Rounding step of a figure: at least `step`, and coarse enough to keep `significantDigits`. */
export function roundingStep(x: number, p: DisclosureParams): number {
  if (p.significantDigits === 0 || x < 1) return p.step;
  const digits = Math.floor(Math.log10(x)) + 1;
  // log10 can land just below an integer for exact powers of ten.
  const exact = 10 ** digits <= x ? digits + 1 : digits;
  return Math.max(p.step, 10 ** Math.max(0, exact - p.significantDigits));
}

/** The published value of a figure (≥ 0). A true 0 stays 0: nobody contributed, so it reveals no one. */
export function perturb(x: number, seed: ReportSeed, figureKey: string, p: DisclosureParams): number {
  if (x === 0) return 0;
  const s = roundingStep(x, p);
  const noisy = x + keyedUnit(seed, figureKey) * p.noiseSteps * s;
  return Math.max(0, Math.round(noisy / s) * s);
}
