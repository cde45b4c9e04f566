/**
 * Refanging: undo the "defanging" analysts apply so indicators cannot be clicked
 * (`hxxp://evil[.]com`, `user[at]host`). Only unambiguous markers are undone, and the
 * `hxxp` scheme only at a scheme position, because real names contain "hxxp"
 * (`hxxp-naver.wetax-pay.online`, maltrail apt_kimsuky.txt).
 */

// Bracketed markers: [.] (.) {.} [dot] (dot) {dot} [:] [at] (at) [@] [/] — case-insensitive.
const BRACKETS = /\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[:\]|\[at\]|\(at\)|\{at\}|\[@\]|\[\/\]/gi;
const MARKER: Record<string, string> = { '.': '.', dot: '.', ':': ':', at: '@', '@': '@', '/': '/' };

// hxxp / hXXp / hxxps / h**p variants at the start of the string or after a non-name character,
// followed by ":" and one or two slashes ("hXXps:/www…" in ESET 2020_Q3 README.adoc).
const SCHEME_HINT = /(?:[xX]{2}|\*\*)[pP][sS]?:/;
const SCHEME = /(^|[^A-Za-z0-9.\-_])[hH](?:[xX]{2}|\*\*)[pP]([sS]?):\/\/?/g;

/** Undoes defanging markers; returns the input unchanged (same string) when there is nothing to undo. */
export function refang(s: string): string {
  let out = s;
  // `[.]` is by far the commonest marker: replace it without the regex and callback.
  if (out.indexOf('[.]') >= 0) out = out.replaceAll('[.]', '.');
  if (out.indexOf('[') >= 0 || out.indexOf('(') >= 0 || out.indexOf('{') >= 0) {
    out = out.replace(BRACKETS, (m) => MARKER[m.slice(1, -1).toLowerCase()] ?? m);
  }
  if (SCHEME_HINT.test(out)) {
    out = out.replace(SCHEME, (_m, pre: string, s2: string) => `${pre}http${s2.toLowerCase()}://`);
  }
  return out;
}
