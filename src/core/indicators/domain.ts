/**
 * Host names: validation, IDN → punycode, and public-suffix-list questions (registrable domain,
 * ancestors). Private PSL entries count as suffixes, so `x.duckdns.org` is a registrable domain and
 * `duckdns.org` never becomes an indicator's parent.
 */
import { getDomain, parse as parseTld } from 'tldts';
import { parseIp } from './ip.ts';

const PSL_OPTS = { allowPrivateDomains: true, extractHostname: false, validateHostname: false, mixedInputs: false } as const;
const ICANN_OPTS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false } as const;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const UNICODE_LABEL = /^[\p{L}\p{M}\p{N}_-]+$/u;
/** Host character classes: 1 a-z, 2 digit, '-' or '_', 3 '.', 0 anything else. */
const HOST_CHAR = new Uint8Array(128);
for (let c = 97; c <= 122; c++) HOST_CHAR[c] = 1;
for (let c = 48; c <= 57; c++) HOST_CHAR[c] = 2;
HOST_CHAR[45] = 2;
HOST_CHAR[95] = 2;
HOST_CHAR[46] = 3;
const IDN_DOTS = /[\u3002\uff0e\uff61]/g;

export type HostResult = { type: 'domain' | 'hostname'; value: string; note?: string } | { error: string };

// Registrable-domain cache for matching, where the same hosts are asked about again and again;
// bounded so bulk runs cannot grow it forever.
const CACHE_MAX = 50_000;
const cache = new Map<string, string | null>();

/** The registrable domain of a lower-case host (PSL, private section included); null for suffixes and IPs. */
export function registrableDomain(host: string): string | null {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  const hit = cache.get(h);
  if (hit !== undefined) return hit;
  const d = getDomain(h, PSL_OPTS);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(h, d);
  return d;
}

/** The host's ancestors down to and including its registrable domain, nearest first (never a public suffix). */
export function parentDomains(host: string): string[] {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  const d = registrableDomain(h);
  if (!d || d === h || !h.endsWith('.' + d)) return [];
  const out: string[] = [];
  let i = h.indexOf('.');
  while (i >= 0 && h.length - i - 1 >= d.length) {
    out.push(h.slice(i + 1));
    i = h.indexOf('.', i + 1);
  }
  return out;
}

/**
 * The host of a canonical URL for url-host matching: lower-cased, IPv6 without brackets (IPv4-mapped as
 * IPv4), no trailing dot; null when it has none.
 */
export function urlHost(canonicalUrl: string): string | null {
  const start = canonicalUrl.indexOf('://');
  if (start < 0) return null;
  let end = canonicalUrl.length;
  for (let i = start + 3; i < canonicalUrl.length; i++) {
    const c = canonicalUrl.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) { end = i; break; } // / ? #
  }
  let auth = canonicalUrl.slice(start + 3, end);
  const at = auth.lastIndexOf('@');
  if (at >= 0) auth = auth.slice(at + 1);
  let host: string;
  if (auth.startsWith('[')) {
    const close = auth.indexOf(']');
    if (close < 0) return null;
    host = auth.slice(1, close);
  } else {
    const colon = auth.lastIndexOf(':');
    host = colon >= 0 ? auth.slice(0, colon) : auth;
  }
  if (!host) return null;
  // Match in the same canonical forms as ip-dst and domain values: `::ffff:a.b.c.d` → IPv4, no trailing dot.
  if (host.indexOf(':') >= 0) return parseIp(host)?.canonical ?? host.toLowerCase();
  const h = host.toLowerCase();
  return h.endsWith('.') ? h.slice(0, -1) || null : h;
}

/** Checks the labels of a non-ASCII host before IDNA: letters, marks, digits, `-` and `_` only. */
export function checkUnicodeHost(host: string): string | null {
  for (const label of host.replace(IDN_DOTS, '.').split('.')) {
    if (label === '') continue;
    if (!UNICODE_LABEL.test(label)) {
      const bad = [...label].find((ch) => !UNICODE_LABEL.test(ch)) ?? label;
      return `invalid character '${bad}' in host name`;
    }
  }
  return null;
}

function toAscii(host: string): string | { error: string } {
  const err = checkUnicodeHost(host);
  if (err) return { error: err };
  try {
    // WHATWG URL host parsing applies UTS #46 (IDNA) mapping and punycode; a global in Node and browsers.
    return new URL(`http://${host.replace(IDN_DOTS, '.')}/`).hostname;
  } catch {
    return { error: 'invalid internationalised host name' };
  }
}

/**
 * Syntax check of a lower-case ASCII host name in one pass: `[a-z0-9_-]` labels of 1–63 characters,
 * at least two labels, at most 253 characters, and an alphabetic or punycode top-level label.
 */
export function hostSyntaxError(h: string): string | null {
  const n = h.length;
  if (n > 253) return 'host name longer than 253 characters';
  let labelStart = 0;
  let dots = 0;
  let tldAlpha = true;
  for (let i = 0; i < n; i++) {
    const c = h.charCodeAt(i);
    const k = c < 128 ? HOST_CHAR[c]! : 0;
    if (k === 1) continue; // a-z
    if (k === 2) { tldAlpha = false; continue; } // 0-9 - _
    if (k === 3) { // '.'
      const len = i - labelStart;
      if (len === 0) return 'empty label in host name';
      if (len > 63) return 'label longer than 63 characters';
      dots++;
      tldAlpha = true;
      labelStart = i + 1;
      continue;
    }
    return `invalid character '${String.fromCodePoint(h.codePointAt(i)!)}' in host name`;
  }
  const last = n - labelStart;
  if (last === 0) return n === 0 ? 'empty value' : 'empty label in host name';
  if (last > 63) return 'label longer than 63 characters';
  if (dots === 0) return 'single label, not a domain name';
  if (tldAlpha && last >= 2) return null;
  const tld = h.slice(labelStart);
  return TLD.test(tld) ? null : `top-level label '${tld}' is not valid`;
}

/**
 * Validates and canonicalises a host name: lower case, trailing dot dropped, IDN → punycode.
 * `domain` when it is a registrable domain by the PSL, `hostname` when it has labels below that.
 */
export function normalizeHostname(raw: string): HostResult {
  let h = raw.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  // eslint-disable-next-line no-control-regex
  if (NON_ASCII.test(h)) {
    const a = toAscii(h);
    if (typeof a !== 'string') return a;
    h = a;
    if (h.endsWith('.')) h = h.slice(0, -1);
  }
  const err = hostSyntaxError(h);
  if (err) return { error: err };
  // Uncached on purpose: normalised lists are mostly distinct names, and a cache miss costs more than the lookup.
  const d = getDomain(h, PSL_OPTS);
  if (d !== null) return { type: d === h ? 'domain' : 'hostname', value: h };
  // The name is itself a public suffix. Private-section entries are shared providers
  // (`duckdns.org`; wildcard rules make every `x.at.ply.gg` tunnel a suffix): keep them, typed by the
  // ICANN section alone, so they are exact-match values but never anyone's parent domain.
  const icann = parseTld(h, ICANN_OPTS).domain;
  if (icann === null) return { error: `${h} is a public suffix, not a domain name` };
  return { type: icann === h ? 'domain' : 'hostname', value: h, note: 'public suffix (shared provider)' };
}
