/**
 * URLs: serialised by the WHATWG URL rules (Node's and browsers' `URL`): scheme and host lower-case,
 * punycode host, default port dropped, empty path → `/`; path and query keep their case.
 */
import { checkUnicodeHost, hostSyntaxError } from './domain.ts';
import { parseIpv4Number } from './ip.ts';
import { F } from './scan.ts';

const SPECIAL = new Set(['http', 'https', 'ftp', 'ws', 'wss']);
/** `scheme://` (any scheme) or `scheme:/` (special schemes only, as in `hXXps:/www…`). */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):(\/\/?)/;
const ASCIIDOC_LABEL = /\[[^[\]]*\]$/;
const HOST_OK = /^[a-z0-9_.-]+$/;

export type UrlResult = { value: string; note?: string } | { error: string };

/** The scheme of a URL-looking value (lower-case), or null when the value does not start with one. */
export function urlScheme(s: string): string | null {
  const m = SCHEME.exec(s);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  if (m[2] === '/' && !SPECIAL.has(scheme)) return null;
  return scheme;
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
  const m = SCHEME.exec(s);
  if (!m) return { error: 'not a URL' };
  const scheme = m[1]!.toLowerCase();
  const special = SPECIAL.has(scheme);
  if (m[2] === '/') {
    if (!special) return { error: 'not a URL' };
    s = `${scheme}://${s.slice(scheme.length + 2)}`;
  }
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
