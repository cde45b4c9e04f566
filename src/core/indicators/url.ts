/**
 * URLs: serialised by the WHATWG URL rules (Node's and browsers' `URL`): scheme and host lower-case,
 * punycode host, default port dropped, empty path → `/`; path and query keep their case.
 */
import { checkUnicodeHost, hostSyntaxError } from './domain.ts';
import { parseIpv4Number } from './ip.ts';
import { F } from './scan.ts';

const SPECIAL = new Set(['http', 'https', 'ftp', 'ws', 'wss']);
const ASCIIDOC_LABEL = /\[[^[\]]*\]$/;
const HOST_OK = /^[a-z0-9_.-]+$/;

/** The rejection for a value that does not start with a scheme at all. */
export const NOT_A_URL = 'not a URL';

export type UrlResult = { value: string; note?: string } | { error: string };

/**
 * Length of the scheme of `scheme://…` (any scheme) or `scheme:/…` (special schemes only, as in
 * `hXXps:/www…`), or 0 when the value does not start with one. Hand-rolled: it runs on every URL.
 */
function schemeLength(s: string): number {
  const c0 = s.charCodeAt(0) | 32;
  if (c0 < 97 || c0 > 122) return 0;
  const max = Math.min(s.length, 17);
  for (let i = 1; i < max; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) { // ':'
      if (s.charCodeAt(i + 1) !== 47) return 0;
      if (s.charCodeAt(i + 2) === 47) return i;
      return SPECIAL.has(s.slice(0, i).toLowerCase()) ? i : 0;
    }
    const l = c | 32;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return 0;
  }
  return 0;
}

/** The scheme of a URL-looking value (lower-case), or null when the value does not start with one. */
export function urlScheme(s: string): string | null {
  const n = schemeLength(s);
  return n ? s.slice(0, n).toLowerCase() : null;
}

/** The raw host text of `scheme://[user@]host[:port]/…` (before WHATWG processing). */
function rawHost(s: string): string {
  const start = s.indexOf('//') + 2;
  let end = s.length;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 92) { end = i; break; } // / ? # \
  }
  let auth = s.slice(start, end);
  const at = auth.lastIndexOf('@');
  if (at >= 0) auth = auth.slice(at + 1);
  if (auth.startsWith('[')) return auth;
  const colon = auth.lastIndexOf(':');
  return colon >= 0 ? auth.slice(0, colon) : auth;
}

/**
 * Normalises a value that starts with a scheme (refanged already). `flags` (from `scan`) lets the
 * common case skip the checks for non-ASCII and whitespace hosts.
 */
export function normalizeUrl(input: string, flags = F.NON_ASCII | F.WS): UrlResult {
  let s = input;
  let note: string | undefined;
  // AsciiDoc link markup `https://…/[CDRThief]` (ESET README.adoc write-ups): drop the trailing label,
  // unless the brackets open the host (`http://[::1]`).
  if (s.endsWith(']')) {
    const label = ASCIIDOC_LABEL.exec(s);
    if (label && !/(?:\/\/|@)$/.test(s.slice(0, label.index))) {
      s = s.slice(0, label.index);
      note = 'link label removed';
    }
  }
  const n = schemeLength(s);
  if (!n) return { error: NOT_A_URL };
  const scheme = s.slice(0, n).toLowerCase();
  const special = SPECIAL.has(scheme);
  if (s.charCodeAt(n + 2) !== 47) s = `${scheme}://${s.slice(n + 2)}`; // one slash: `hXXps:/www…`
  let host = '';
  if (!special || flags & (F.NON_ASCII | F.WS)) {
    host = rawHost(s);
    if (host === '') return { error: 'URL without a host' };
    if (/\s/.test(host)) return { error: 'whitespace in URL host' };
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(host)) {
      const err = checkUnicodeHost(host);
      if (err) return { error: err };
    }
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return { error: rawHost(s) === '' ? 'URL without a host' : 'not a valid URL' };
  }
  let hostname = u.hostname;
  if (!special) {
    // Non-special schemes (tcp, tftp …) keep an opaque host; canonicalise it as an http host would be.
    if (hostname === '') return { error: 'URL without a host' };
    let canon: string;
    try {
      canon = new URL(`http://${host.startsWith('[') ? host : decodeURIComponent(host)}/`).hostname;
    } catch {
      return { error: 'not a valid URL host' };
    }
    if (canon !== hostname) {
      u.hostname = canon;
      if (u.hostname !== canon) return { error: 'not a valid URL host' };
    }
    hostname = canon;
  }
  const err = checkUrlHost(hostname);
  if (err) return { error: err };
  return note ? { value: u.href, note } : { value: u.href };
}

function checkUrlHost(h: string): string | null {
  if (h === '') return 'URL without a host';
  if (h.startsWith('[') || parseIpv4Number(h) !== null) return null;
  if (h.indexOf('.') < 0 || (h.endsWith('.') && h.indexOf('.') === h.length - 1)) {
    // single-label hosts (intranet names) are still URLs, if their characters are sane
    return HOST_OK.test(h) ? null : `invalid character in URL host`;
  }
  const err = hostSyntaxError(h.endsWith('.') ? h.slice(0, -1) : h);
  return err ? `URL host: ${err}` : null;
}
