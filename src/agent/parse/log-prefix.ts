/**
 * Where the member's log prefix starts in a netfilter line: after the first `kernel:` and an optional
 * `[ uptime.frac ]` stamp. Same result as `head.replace(/^.*?kernel:\s*(\[\s*\d+\.\d+\]\s*)?/, '')` on
 * `head = line.slice(0, end)`, found by position so the per-line regex and the string it built go away.
 */

/** JavaScript's `\s` (WhiteSpace and LineTerminator), so the prefix matches the regex form exactly. */
export function isRegexSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Characters `.` does not match (no `s` flag): a line terminator before `kernel:` defeats the regex. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Index in `line` where the prefix of `line.slice(0, end)` begins (0 when there is no `kernel:`). */
export function logPrefixStart(line: string, end: number): number {
  const k = line.indexOf('kernel:');
  if (k < 0 || k + 7 > end) return 0;
  for (let i = 0; i < k; i++) if (isLineTerminator(line.charCodeAt(i))) return 0;
  let p = k + 7;
  while (p < end && isRegexSpace(line.charCodeAt(p))) p++;
  // Optional `[\s*\d+\.\d+\]\s*`: taken whole or not at all.
  if (p < end && line.charCodeAt(p) === 91) {
    let q = p + 1;
    while (q < end && isRegexSpace(line.charCodeAt(q))) q++;
    const d1 = q;
    while (q < end && isDigit(line.charCodeAt(q))) q++;
    if (q > d1 && q < end && line.charCodeAt(q) === 46) {
      const d2 = ++q;
      while (q < end && isDigit(line.charCodeAt(q))) q++;
      if (q > d2 && q < end && line.charCodeAt(q) === 93) {
        q++;
        while (q < end && isRegexSpace(line.charCodeAt(q))) q++;
        p = q;
      }
    }
  }
  return p;
}
