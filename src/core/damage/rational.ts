/**
 * Exact non-negative rationals on bigint, so money figures never pass through floating point: the
 * estimate multiplies and divides, and rounds once, at the end.
 */

/** n / d in lowest terms, d > 0. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n / d reduced; throws on a zero denominator (callers check inputs first). */
export function ratio(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export function mul(a: Rational, b: Rational): Rational {
  return ratio(a.n * b.n, a.d * b.d);
}

export function div(a: Rational, b: Rational): Rational {
  return ratio(a.n * b.d, a.d * b.n);
}

export function isInteger(a: Rational): boolean {
  return a.d === 1n;
}

/** Nearest integer, halves away from zero (the usual rounding of money: 0.5 yen → 1 yen). */
export function roundHalfUp(a: Rational): bigint {
  // bigint division truncates toward zero, so adding half a unit away from zero first rounds half up.
  return (2n * a.n + (a.n < 0n ? -a.d : a.d)) / (2n * a.d);
}

/** Nearest multiple of `unit` (halves away from zero), e.g. unit 10,000 rounds to the nearest 万. */
export function roundToUnit(a: Rational, unit: bigint): bigint {
  return roundHalfUp(div(a, ratio(unit))) * unit;
}

/**
 * The exact decimal value a JavaScript number prints as (72.5 → 145/2, 0.1 → 1/10, 1e-7 → 1/10⁷), or
 * null for NaN and infinities. Users type decimals; the shortest round-trip text is what they meant.
 */
export function fromDecimal(x: number): Rational | null {
  if (!Number.isFinite(x)) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) return null;
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = BigInt(`${sign}${int}${frac}`);
  const scale = Number(exp) - frac.length;
  return scale >= 0 ? ratio(digits * 10n ** BigInt(scale)) : ratio(digits, 10n ** BigInt(-scale));
}

/** Decimal text of a rational with at most `places` decimals, rounded half up; trailing zeros dropped. */
export function toDecimalString(a: Rational, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = roundHalfUp(mul(a, ratio(scale)));
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const int = abs / scale;
  const frac = (abs % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
