/** The methodology sentence printed with every protected figure, chart and table, in Japanese and English. */
import { METHOD_VERSION, type DisclosureParams } from './params.ts';

function roundingJa(p: DisclosureParams): string {
  return p.significantDigits > 0 ? `有効数字${p.significantDigits}桁（最小${p.step}単位）` : `${p.step}単位`;
}

function roundingEn(p: DisclosureParams): string {
  return p.significantDigits > 0 ? `${p.significantDigits} significant digits (at least to the nearest ${p.step})` : `the nearest ${p.step}`;
}

function steps(n: number, lang: 'ja' | 'en'): string {
  if (lang === 'ja') return `${n}丸め単位`;
  return n === 1 ? 'one rounding step' : `${n} rounding steps`;
}

/** One sentence stating suppression, rounding, noise and the method version. */
export function methodologySentence(p: DisclosureParams, lang: 'ja' | 'en'): string {
  if (lang === 'ja') {
    return (
      `会員${p.minMembers}社未満に由来する数値は非公表とし、差し引きで非公表値が求まらないよう必要に応じて他の数値も非公表としています。` +
      `公表値には、報告書内で数値ごとに固定された最大±${steps(p.noiseSteps, 'ja')}の乱数を加えたうえで${roundingJa(p)}に丸めているため、内訳の合計が総数と一致しない場合があります（手法 ${METHOD_VERSION}）。`
    );
  }
  return (
    `Figures from fewer than ${p.minMembers} members are withheld, and further figures are withheld where subtraction would reveal them. ` +
    `Published figures carry random noise of at most ${steps(p.noiseSteps, 'en')} either way, fixed per figure within this report, and are rounded to ${roundingEn(p)}, so parts may not add up to totals (method ${METHOD_VERSION}).`
  );
}
