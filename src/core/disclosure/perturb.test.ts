import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyedUnit } from './keyed-noise.ts';
import { methodologySentence } from './methodology.ts';
import { PUBLIC_PARAMS, checkParams, paramsFor } from './params.ts';
import { perturb, roundingStep } from './perturb.ts';

const seed = new TextEncoder().encode('test seed: community report 2026-11');

describe('keyed noise', () => {
  it('is HMAC-SHA-256(seed, method version ‖ 0 ‖ key), first 48 bits, mapped to [-1, 1)', () => {
    const mac = createHmac('sha256', seed).update('renkei-sdc/1\u0000events|port=23|2026-11').digest();
    expect(keyedUnit(seed, 'events|port=23|2026-11')).toBe((mac.readUIntBE(0, 6) / 2 ** 48) * 2 - 1);
  });

  it('is fixed per (seed, key) and differs across keys and seeds', () => {
    const other = new TextEncoder().encode('another seed for another period');
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    expect(keys.map((k) => keyedUnit(seed, k))).toEqual(keys.map((k) => keyedUnit(seed, k)));
    expect(new Set(keys.map((k) => keyedUnit(seed, k))).size).toBe(200);
    expect(keys.filter((k) => keyedUnit(seed, k) === keyedUnit(other, k))).toEqual([]);
  });

  it('refuses a short seed', () => {
    expect(() => keyedUnit(new Uint8Array(8), 'x')).toThrow(RangeError);
  });
});

describe('rounding with noise', () => {
  it('rounds to at least the step and to the significant digits', () => {
    const xs = [1, 5, 999, 1000, 1234, 9999, 10000, 12345, 99999, 100000, 1234567];
    expect(xs.map((x) => roundingStep(x, PUBLIC_PARAMS))).toEqual([10, 10, 10, 10, 10, 10, 100, 100, 100, 1000, 10000]);
    expect(roundingStep(1234567, { ...PUBLIC_PARAMS, significantDigits: 0 })).toBe(10);
  });

  it('adds unbiased noise of at most noiseSteps steps before rounding, keeping 0 as 0', () => {
    let sum = 0;
    let sq = 0;
    let worst = 0;
    const N = 20_000;
    for (let i = 0; i < N; i++) {
      const x = 1000 + (i % 9000);
      const s = roundingStep(x, PUBLIC_PARAMS);
      const v = perturb(x, seed, `cell-${i}`, PUBLIC_PARAMS);
      expect(v % s).toBe(0);
      const e = (v - x) / s;
      worst = Math.max(worst, Math.abs(e));
      sum += e;
      sq += e * e;
    }
    // Uniform ±1 step then rounding: |error| ≤ 1.5 steps, mean 0, sd √(1/3 + 1/12) ≈ 0.645 steps.
    expect(worst).toBeLessThanOrEqual(1.5);
    expect(worst).toBeGreaterThan(1.3);
    expect(Math.abs(sum / N)).toBeLessThan(0.02);
    expect(Math.sqrt(sq / N)).toBeGreaterThan(0.6);
    expect(Math.sqrt(sq / N)).toBeLessThan(0.69);
    expect(perturb(0, seed, 'empty', PUBLIC_PARAMS)).toBe(0);
  });
});

describe('parameters and methodology', () => {
  it('uses k = 5 for public reports and the hub k for members', () => {
    expect(paramsFor('public', 3)).toEqual({ minMembers: 5, step: 10, significantDigits: 3, noiseSteps: 1 });
    expect(paramsFor('public', 7).minMembers).toBe(7);
    expect(paramsFor('members', 3).minMembers).toBe(3);
    expect(() => checkParams({ ...PUBLIC_PARAMS, noiseSteps: 0 })).toThrow(RangeError);
    expect(() => checkParams({ ...PUBLIC_PARAMS, minMembers: 1 })).toThrow(RangeError);
  });

  it('states the method in one sentence, in Japanese and English', () => {
    expect(methodologySentence(PUBLIC_PARAMS, 'ja')).toBe(
      '会員5社未満に由来する数値は非公表とし、差し引きで非公表値が求まらないよう必要に応じて他の数値も非公表としています。' +
        '公表値には、報告書内で数値ごとに固定された最大±1丸め単位の乱数を加えたうえで有効数字3桁（最小10単位）に丸めているため、内訳の合計が総数と一致しない場合があります（手法 renkei-sdc/1）。',
    );
    expect(methodologySentence({ ...PUBLIC_PARAMS, minMembers: 3, significantDigits: 0, noiseSteps: 2 }, 'en')).toBe(
      'Figures from fewer than 3 members are withheld, and further figures are withheld where subtraction would reveal them. ' +
        'Published figures carry random noise of at most 2 rounding steps either way, fixed per figure within this report, and are rounded to the nearest 10, so parts may not add up to totals (method renkei-sdc/1).',
    );
  });
});
