/**
 * Noise that is random to readers but fixed per (report seed, figure key): HMAC-SHA-256 of the key under
 * the seed. The same figure therefore shows the same value in the summary, a chart, a table and its CSV,
 * and publishing it twice gives an averaging attacker nothing new.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { METHOD_VERSION } from './params.ts';

/** A secret per report period (at least 16 bytes); never published, or the noise can be subtracted. */
export type ReportSeed = Uint8Array;

/** Uniform value in [-1, 1) derived from the seed and the figure key (48 bits of the HMAC). */
export function keyedUnit(seed: ReportSeed, figureKey: string): number {
  if (seed.length < 16) throw new RangeError('report seed must be at least 16 bytes');
  const mac = hmac(sha256, seed, utf8ToBytes(`${METHOD_VERSION}\u0000${figureKey}`));
  let x = 0;
  for (let i = 0; i < 6; i++) x = x * 256 + mac[i]!;
  return (x / 2 ** 48) * 2 - 1;
}
