/**
 * Yen for people: plain digits (¥225,000,000), Japanese units (2億2,500万円) and English scale words
 * (¥225 million). Exact unless a rounding unit is asked for, and then marked 約 / "about".
 */
import { ratio, roundToUnit } from './rational.ts';

const JA_UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [10n ** 16n, '京'],
  [10n ** 12n, '兆'],
  [10n ** 8n, '億'],
  [10n ** 4n, '万'],
];

const EN_SCALES: ReadonlyArray<readonly [bigint, string]> = [
  [10n ** 12n, 'trillion'],
  [10n ** 9n, 'billion'],
  [10n ** 6n, 'million'],
];

/** Options for the unit styles. */
export interface YenFormatOptions {
  /** Round to a multiple of this many yen first (e.g. 10,000n for 万, 1,000,000n for millions). */
  roundTo?: bigint;
}

/** Digits with thousands separators. */
export function groupDigits(n: bigint): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return neg ? `-${s}` : s;
}

/** ¥ and the whole-yen amount in plain digits: ¥225,000,000. */
export function formatYenPlain(yen: bigint): string {
  return yen < 0n ? `-¥${groupDigits(-yen)}` : `¥${groupDigits(yen)}`;
}

function rounded(yen: bigint, opts: YenFormatOptions | undefined): { value: bigint; approx: boolean } {
  if (!opts?.roundTo || opts.roundTo <= 1n) return { value: yen, approx: false };
  const value = roundToUnit(ratio(yen), opts.roundTo);
  return { value, approx: value !== yen };
}

/** Japanese units: 2億2,500万円, 1,562万5,000円, 300億円, 0円; with `roundTo`, 約… when rounding changed it. */
export function formatYenJa(yen: bigint, opts?: YenFormatOptions): string {
  const { value, approx } = rounded(yen, opts);
  const neg = value < 0n;
  let rest = neg ? -value : value;
  let out = '';
  for (const [unit, name] of JA_UNITS) {
    const q = rest / unit;
    if (q > 0n) out += `${groupDigits(q)}${name}`;
    rest %= unit;
  }
  if (rest > 0n || out === '') out += groupDigits(rest);
  return `${approx ? '約' : ''}${neg ? '-' : ''}${out}円`;
}

/** English: ¥225 million, ¥15.625 million, ¥30 billion, ¥41,667 below a million; "about" when rounded. */
export function formatYenEn(yen: bigint, opts?: YenFormatOptions): string {
  const { value, approx } = rounded(yen, opts);
  const neg = value < 0n;
  const abs = neg ? -value : value;
  let body = `¥${groupDigits(abs)}`;
  for (const [scale, word] of EN_SCALES) {
    if (abs < scale) continue;
    const int = abs / scale;
    const frac = (abs % scale).toString().padStart(scale.toString().length - 1, '0').replace(/0+$/, '');
    body = `¥${groupDigits(int)}${frac ? `.${frac}` : ''} ${word}`;
    break;
  }
  return `${approx ? 'about ' : ''}${neg ? '-' : ''}${body}`;
}

/** The unit style of a language. */
export function formatYen(yen: bigint, lang: 'ja' | 'en', opts?: YenFormatOptions): string {
  return lang === 'ja' ? formatYenJa(yen, opts) : formatYenEn(yen, opts);
}
