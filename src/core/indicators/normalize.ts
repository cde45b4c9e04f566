/**
 * The normaliser: raw indicator text → MISP type and canonical value, or a short, stable reason.
 * Pure (no I/O); runs in Node and in the browser.
 */
import { detect, parseAs, schemelessUrl } from './detect.ts';
import type { Detected } from './parts.ts';
import { refang } from './refang.ts';
import { F, scan } from './scan.ts';
import type { IndicatorType, Normalized, NormalizeOptions } from './types.ts';
import { urlScheme } from './url.ts';

/** Longest accepted value, in characters (after trimming). */
export const MAX_VALUE_LENGTH = 4096;

/** Types a caller may force with `opts.type`. */
export const SUPPORTED_TYPES: readonly IndicatorType[] = [
  'ip-dst', 'ip-src', 'ip-dst|port', 'ip-src|port', 'domain', 'hostname', 'hostname|port', 'domain|ip', 'url',
  'md5', 'sha1', 'sha256', 'sha512', 'filename|md5', 'filename|sha1', 'filename|sha256', 'filename|sha512',
  'email-src', 'email-dst', 'AS',
];

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// Forced types accept what detection finds within the same family (MISP allows a sub-domain as `domain`).
const FAMILY: Partial<Record<IndicatorType, IndicatorType>> = {
  'ip-src': 'ip-dst', 'ip-src|port': 'ip-dst|port', hostname: 'domain', 'email-dst': 'email-src',
};

// Markup around values pasted from write-ups: Markdown/AsciiDoc code spans (`x`, `++x++`, `+x+`), quotes, <x>.
const WRAPPERS: ReadonlyArray<readonly [string, string]> = [['`', '`'], ['++', '++'], ['+', '+'], ['"', '"'], ["'", "'"], ['<', '>']];
const WRAP_START = new Set(WRAPPERS.map(([a]) => a.charCodeAt(0)));

function unwrap(value: string): string {
  let s = value;
  for (let round = 0; round < 3; round++) {
    const w = WRAPPERS.find(([a, b]) => s.length >= a.length + b.length && s.startsWith(a) && s.endsWith(b));
    if (!w) break;
    s = s.slice(w[0].length, s.length - w[1].length).trim();
  }
  return s;
}

function isXOrStar(c: number): boolean {
  return (c | 32) === 120 || c === 42;
}

function fam(t: IndicatorType): IndicatorType {
  return FAMILY[t] ?? t;
}

function result(input: string, d: Detected): Normalized {
  if ('error' in d) return { ok: false, input, error: d.error };
  return d.note ? { ok: true, input, type: d.type, value: d.value, note: d.note } : { ok: true, input, type: d.type, value: d.value };
}

function forced(s: string, type: string): Detected {
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) return { error: `unsupported type '${type}'` };
  const t = type as IndicatorType;
  if (t === 'AS') return parseAs(s, true);
  if (t === 'url' && !urlScheme(s)) return schemelessUrl(s);
  const d = detect(s);
  if ('error' in d) return d;
  if (fam(d.type) !== fam(t)) return { error: `not a valid ${t} (reads as ${d.type})` };
  return { ...d, type: t };
}

/**
 * Detects the type of a raw value and returns its canonical form, or a rejection with a reason.
 * Refangs first (`hxxp`, `[.]`, `[at]` …), trims whitespace and a byte-order mark.
 */
export function normalize(input: string, opts?: NormalizeOptions): Normalized {
  if (typeof input !== 'string') return { ok: false, input: String(input), error: 'not a string' };
  if (input.length > MAX_VALUE_LENGTH * 4) return { ok: false, input, error: `longer than ${MAX_VALUE_LENGTH} characters` };
  let s = input.trim(); // String#trim also removes U+FEFF (byte-order mark)
  if (s !== '' && WRAP_START.has(s.charCodeAt(0))) s = unwrap(s);
  if (s === '') return { ok: false, input, error: 'empty value' };
  if (s.length > MAX_VALUE_LENGTH) return { ok: false, input, error: `longer than ${MAX_VALUE_LENGTH} characters` };
  // Full-width and other compatibility forms (`１９２．１６８．０．１`, `［.］`) read as what they show.
  if (NON_ASCII.test(s)) s = s.normalize('NFKC');
  let f = scan(s);
  if (f & F.CONTROL) {
    const error = CONTROL.test(s) ? 'contains control characters' : 'contains invisible formatting characters';
    return { ok: false, input, error };
  }
  // A defanged scheme (`hxxp:`, `h**p:`) can only sit at the start of a single value.
  if (f & F.BRACKET || (f & F.XCHAR && f & F.COLON && (s.charCodeAt(0) | 32) === 104 && isXOrStar(s.charCodeAt(1)))) {
    const r = refang(s);
    if (r !== s) {
      s = r;
      f = scan(s);
    }
  }
  return result(input, opts?.type ? forced(s, opts.type) : detect(s, f));
}

/** `normalize` over a list, one result per input in order. */
export function normalizeMany(inputs: string[], opts?: NormalizeOptions): Normalized[] {
  const out = new Array<Normalized>(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = normalize(inputs[i]!, opts);
  return out;
}
