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

// Characters that WHATWG leaves untouched in the path, query and fragment of an http(s) URL.
const SAFE_REST = new Uint8Array(128);
for (const ch of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@/%?#") SAFE_REST[ch.charCodeAt(0)] = 1;

/**
 * The WHATWG serialisation of a plain `http(s)://host[:port]/path?query` without building a URL object,
 * or null when the value needs the full parser (upper case, IDN, IP-like host, dot segments, characters
 * that get percent-encoded …). The real-data tests check it against `new URL` on thousands of URLs.
 */
export function fastHttpUrl(s: string): string | null {
  let i: number;
  let defaultPort: string;
  if (s.startsWith('http://')) { i = 7; defaultPort = '80'; }
  else if (s.startsWith('https://')) { i = 8; defaultPort = '443'; }
  else return null;
  const hostStart = i;
  let colon = -1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47) break; // '/'
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46) continue;
    if (c === 58 && colon < 0) { colon = i; continue; }
    return null; // upper case, '@', '?', '#', '\\', '[', '_', non-ASCII …
  }
  const hostEnd = colon < 0 ? i : colon;
  const host = s.slice(hostStart, hostEnd);
  const last = host.charCodeAt(host.length - 1);
  // A numeric or 0x last label makes WHATWG read the host as IPv4.
  if ((last >= 48 && last <= 57) || host.startsWith('0x', host.lastIndexOf('.') + 1)) return null;
  if (host.indexOf('xn--') >= 0 || hostSyntaxError(host) !== null) return null;
  let portPart = '';
  if (colon >= 0) {
    const p = s.slice(colon + 1, i);
    if (p === '' || p.length > 5 || p.charCodeAt(0) === 48 || !/^\d+$/.test(p) || +p > 65535) return null;
    if (p !== defaultPort) portPart = ':' + p;
  }
  const rest = s.slice(i);
  for (let k = 0; k < rest.length; k++) {
    const c = rest.charCodeAt(k);
    if (c >= 128 || SAFE_REST[c] === 0) return null;
  }
  if (rest.indexOf('/.') >= 0 || /%2e/i.test(rest)) return null; // dot segments
  const canonicalRest = rest === '' ? '/' : rest.charCodeAt(0) === 47 ? rest : null;
  if (canonicalRest === null) return null;
  return `${s.slice(0, hostStart)}${host}${portPart}${canonicalRest}`;
}

/**
 * Normalises a value that starts with a scheme (refanged already). `flags` (from `scan`) lets the
 * common case skip the checks for non-ASCII and whitespace hosts.
 */
export function normalizeUrl(input: string, flags = F.NON_ASCII | F.WS): UrlResult {
  const fast = fastHttpUrl(input);
  if (fast !== null) return { value: fast };
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
