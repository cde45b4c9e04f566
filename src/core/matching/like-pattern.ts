/**
 * MISP's `%` search patterns (`AppModel::generic_add_filter`): a filter value that starts or ends with `%`
 * is an SQL `LIKE` pattern (`%` any run, `_` one character, `\` escapes; case-insensitive as MISP's
 * `_unicode_ci` columns); any other value, even with a `%` inside, is compared exactly.
 */

/** True when MISP reads the filter value as a LIKE pattern. */
export function isLikePattern(v: string): boolean {
  return v.length > 0 && (v.startsWith('%') || v.endsWith('%'));
}

/** A case-insensitive matcher equivalent to `LIKE pattern ESCAPE '\'`. */
export function likeMatcher(pattern: string): (value: string) => boolean {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) src += escapeRe(pattern[++i]!);
    else if (c === '%') src += '[\\s\\S]*';
    else if (c === '_') src += '[\\s\\S]';
    else src += escapeRe(c);
  }
  const re = new RegExp(`^${src}$`, 'iu');
  return (value) => re.test(value);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
