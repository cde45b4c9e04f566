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

// Only the characters that are special outside a class: in `u` mode an escaped `-` or `/` is a syntax error.
const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * MISP's tag filters (`Tag::findTagIdsByTagNames`) compare every name with `LIKE`, so a `%` or `_`
 * anywhere in a tag filter is a wildcard (`tlp:%`, `%apt%`); names without one compare exactly.
 */
export function isTagPattern(v: string): boolean {
  return v.includes('%') || v.includes('_');
}

/**
 * One predicate for a filter list: exact values (case-insensitive when `ci`) or patterns, as `isPattern`
 * reads them. An empty list matches nothing.
 */
export function listMatcher(values: readonly string[], isPattern: (v: string) => boolean, ci = false): (value: string) => boolean {
  const exact = new Set(values.filter((v) => !isPattern(v)).map((v) => (ci ? v.toLowerCase() : v)));
  const patterns = values.filter(isPattern).map(likeMatcher);
  return (value) => exact.has(ci ? value.toLowerCase() : value) || patterns.some((m) => m(value));
}
