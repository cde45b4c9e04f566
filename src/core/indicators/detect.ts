/**
 * Type detection for one trimmed, refanged value. Cheap tests (IPv4, hex) run first; the PSL lookup
 * and `new URL` only run for values that need them.
 */
import { composite, email } from './composite.ts';
import { normalizeHostname } from './domain.ts';
import { nearHashReason, normalizeHash } from './hash.ts';
import { ipv4ToString, isNonRoutable, parseCidr, parseIp, parseIpv4Number, v4NonRoutable } from './ip.ts';
import { ipPort, ipValue, NON_ROUTABLE, port, type Detected } from './parts.ts';
import { F, scan } from './scan.ts';
import type { IndicatorType } from './types.ts';
import { NOT_A_URL, normalizeUrl } from './url.ts';

const AS_RE = /^(ASN?)?(\d{1,20})(?:\.(\d{1,5}))?$/i;
const AS_PREFIXED = /^ASN?\d/i;
const CIDR_LIKE = /^[0-9A-Fa-f:.]+\/\d+$/;
const V4_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/;
const V6_PORT = /^\[([^\]]+)\]:(\d+)$/;
const HOST_PORT = /^([^:]+):(\d+)$/;
const V6_ONLY = /^[0-9A-Fa-f:.]+$/;
const COLON_HEX = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+$/;
const NUMERIC_PART = /^(?:0x[0-9a-f]*|\d+)$/i;

const HASH_BY_LENGTH: Record<number, IndicatorType | undefined> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/** Parses `AS15169`, `as15169`, asdot `AS1.10`; `bare` also accepts `15169` (for a forced AS type). */
export function parseAs(s: string, bare: boolean): Detected {
  const m = AS_RE.exec(s);
  if (!m || (!bare && !m[1])) return { error: 'not an AS number' };
  let n = +m[2]!;
  if (m[3] !== undefined) {
    if (n > 65535 || +m[3] > 65535) return { error: 'asdot AS number out of range' };
    n = n * 65536 + +m[3];
  }
  if (!Number.isSafeInteger(n) || n > 4294967295) return { error: 'AS number out of range' };
  return { type: 'AS', value: String(n) };
}

/** Detects the type of a trimmed, refanged value and returns its canonical form. */
export function detect(s: string, flags = scan(s)): Detected {
  const f = flags;
  if (!(f & F.NON_DIGIT_DOT)) {
    if (f & F.DOT) {
      const v4 = parseIpv4Number(s);
      if (v4 !== null) {
        const zeros = hasLeadingZero(s);
        const value = zeros ? ipv4ToString(v4) : s;
        if (v4NonRoutable(v4)) return { type: 'ip-dst', value, note: NON_ROUTABLE };
        return zeros ? { type: 'ip-dst', value, note: 'leading zeros read as decimal' } : { type: 'ip-dst', value };
      }
      return host(s);
    }
    if (s.length < 32) return { error: 'bare number: not an indicator (use type AS for an AS number)' };
    return normalizeHash(s);
  }
  if (!(f & F.NON_HEX)) {
    const t = HASH_BY_LENGTH[s.length];
    if (t) return { type: t, value: f & F.UPPER ? s.toLowerCase() : s };
    return normalizeHash(s);
  }
  if ((f & (F.COLON | F.SLASH)) === (F.COLON | F.SLASH)) {
    const u = normalizeUrl(s, f);
    if (!('error' in u)) return u.note ? { type: 'url', value: u.value, note: u.note } : { type: 'url', value: u.value };
    if (u.error !== NOT_A_URL) return u;
  }
  if (f & F.PIPE) return composite(s);
  if (f & F.WS) return { error: 'contains whitespace' };
  if (!(f & F.OTHER)) {
    const c0 = s.charCodeAt(0);
    if ((c0 === 65 || c0 === 97) && AS_PREFIXED.test(s) && AS_RE.test(s)) return parseAs(s, false);
    return host(s);
  }
  if (f & F.SLASH) return withSlash(s);
  if (f & F.AT) return /^mailto:/i.test(s) ? email(s.slice(7)) : email(s);
  if (s.startsWith('[') && s.endsWith(']')) {
    const ip = parseIp(s.slice(1, -1));
    return ip?.version === 6 ? ipValue(ip.canonical) : { error: 'not a valid bracketed IPv6 address' };
  }
  if (f & F.COLON) return withColon(s);
  return host(s);
}

/** True when a dotted quad has an octet written with a leading zero (`010.1.1.1`). */
function hasLeadingZero(s: string): boolean {
  for (let i = 0; i < s.length - 1; i++) {
    if (s.charCodeAt(i) === 48 && (i === 0 || s.charCodeAt(i - 1) === 46) && s.charCodeAt(i + 1) !== 46) return true;
  }
  return false;
}

function host(s: string): Detected {
  let h = s;
  let note: string | undefined;
  if (h.startsWith('*.')) { h = h.slice(2); note = 'wildcard removed'; }
  else if (h.startsWith('.')) { h = h.slice(1); note = 'leading dot removed'; }
  const end = h.endsWith('.') ? h.length - 1 : h.length;
  const lc = h.charCodeAt(end - 1);
  if (lc >= 48 && lc <= 57 && NUMERIC_PART.test(h.slice(h.lastIndexOf('.', end - 1) + 1, end))) {
    // WHATWG reads a host whose last label is numeric as IPv4; accept only the full four-part form
    // (`0x7f.0.0.1`), so `0x21.in` stays a domain and `1.2.3` is rejected.
    const labels = h.slice(0, end).split('.');
    if (labels.length !== 4 || !labels.every((l) => NUMERIC_PART.test(l))) return { error: 'not a valid IPv4 address' };
    let ip: string;
    try {
      ip = new URL(`http://${h}/`).hostname;
    } catch {
      return { error: 'not a valid IPv4 address' };
    }
    return ipValue(ip, 'obfuscated IPv4 notation');
  }
  if (h.indexOf('.') < 0) {
    const near = nearHashReason(h);
    if (near) return { error: near };
  }
  const r = normalizeHostname(h);
  if ('error' in r || !note) return r;
  return { ...r, note: r.note ? `${note}; ${r.note}` : note };
}

function withSlash(s: string): Detected {
  if (CIDR_LIKE.test(s)) {
    const c = parseCidr(s);
    if ('error' in c) return c;
    const note = isNonRoutable(c.value) ? NON_ROUTABLE : c.hostBitsCleared ? 'host bits cleared' : undefined;
    return note ? { type: 'ip-dst', value: c.value, note } : { type: 'ip-dst', value: c.value };
  }
  return schemelessUrl(s);
}

/** A host followed by a path and no scheme is an http URL (maltrail: `ap8898.com/include/arc.search.class.php`). */
export function schemelessUrl(s: string): Detected {
  if (s.startsWith('/')) return { error: 'path without a host' };
  const end = s.search(/[/?#]/);
  const err = hostPartError(end < 0 ? s : s.slice(0, end));
  if (err) return { error: `URL host: ${err}` };
  const u = normalizeUrl(`http://${s}`);
  return 'error' in u ? u : u.note ? { type: 'url', value: u.value, note: u.note } : { type: 'url', value: u.value };
}

function hostPartError(hp: string): string | null {
  let h = hp;
  const m = V6_PORT.exec(h) ?? HOST_PORT.exec(h);
  if (m) {
    if (!port(m[2]!)) return 'port out of range';
    h = m[1]!;
  } else if (h.startsWith('[') && h.endsWith(']')) {
    h = h.slice(1, -1);
  }
  if (h === '') return 'empty host';
  if (parseIp(h)) return null;
  const d = host(h);
  return 'error' in d ? d.error : null;
}

function withColon(s: string): Detected {
  // Fast path for the commonest shape in feeds: `a.b.c.d:port` (14,594 in maltrail).
  const colon = s.lastIndexOf(':');
  if (colon >= 7 && colon <= 15 && s.indexOf(':') === colon) {
    const n = parseIpv4Number(s.slice(0, colon));
    if (n !== null) {
      const p = port(s.slice(colon + 1));
      if (!p) return { error: 'port out of range' };
      return ipPort(hasLeadingZero(s.slice(0, colon)) ? ipv4ToString(n) : s.slice(0, colon), p);
    }
  }
  const m4 = V4_PORT.exec(s);
  if (m4) return { error: 'not a valid IPv4 address' };
  const m6 = V6_PORT.exec(s);
  if (m6) {
    const ip = parseIp(m6[1]!);
    if (!ip) return { error: 'not a valid IPv6 address' };
    const p = port(m6[2]!);
    if (!p) return { error: 'port out of range' };
    return ipPort(ip.canonical, p);
  }
  if (s.indexOf('%') >= 0 && V6_ONLY.test(s.slice(0, s.indexOf('%')))) return { error: 'IPv6 zone index not allowed' };
  const ip = parseIp(s);
  if (ip) return ipValue(ip.canonical);
  if (COLON_HEX.test(s)) return { error: 'colon-separated hex bytes (serial or fingerprint), not an IPv6 address' };
  if (V6_ONLY.test(s) && s.split(':').length > 2) return { error: 'not a valid IPv6 address' };
  const hp = HOST_PORT.exec(s);
  if (hp) {
    const h = normalizeHostname(hp[1]!);
    if ('error' in h) return h;
    const p = port(hp[2]!);
    if (!p) return { error: 'port out of range' };
    return { type: 'hostname|port', value: `${h.value}|${p}` };
  }
  return { error: 'not an IPv6 address or host:port' };
}

