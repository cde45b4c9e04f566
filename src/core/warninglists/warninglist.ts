/**
 * MISP warninglists (misp-warninglists JSON): parsing and the value check of MISP's
 * `Warninglist::checkValue` — string = exact, substring = contained, hostname = the host or any parent
 * domain, cidr = address inside a listed block, regex = PCRE-style `/…/flags`; composite values part by part.
 */
import { cidrRange } from '../indicators/ip.ts';
import { commonBits, maskKey } from '../matching/ip-bits.ts';

export type WarninglistType = 'string' | 'substring' | 'hostname' | 'cidr' | 'regex';
const TYPES: readonly WarninglistType[] = ['string', 'substring', 'hostname', 'cidr', 'regex'];

export interface Warninglist {
  name: string;
  type: WarninglistType;
  description: string;
  version: number | null;
  /** Attribute types the list applies to; empty means all (MISP's `ALL`). */
  matchingAttributes: string[];
  /** Entries that could not be used (bad regex or CIDR), with the reason. */
  skipped: Array<{ entry: string; reason: string }>;
  /** True when the value (already split into one part) is on the list. */
  matches(part: string): boolean;
}

/** Parses a PCRE literal such as `/^foo$/i` (or `#…#`) into a JS RegExp; null when unusable. */
export function pcreToRegExp(src: string): RegExp | null {
  const delim = src[0];
  if (!delim || /[a-z0-9\\\s]/i.test(delim)) return null;
  const close = { '(': ')', '{': '}', '[': ']', '<': '>' }[delim] ?? delim;
  const end = src.lastIndexOf(close);
  if (end <= 0) return null;
  const flags = src.slice(end + 1);
  if (!/^[imsuxU]*$/.test(flags) || /[xU]/.test(flags)) return null;
  try {
    return new RegExp(src.slice(1, end), [...new Set(flags)].join(''));
  } catch {
    return null;
  }
}

function hostOf(value: string): string {
  // MISP: the first path segment, or the third when the value contains `//` (a URL).
  const parts = value.split('/');
  const host = (value.includes('//') ? parts[2] : parts[0]) ?? '';
  return host.replace(/\.+$/, '').toLowerCase();
}

function cidrMatcher(entries: string[], skipped: Warninglist['skipped']): (part: string) => boolean {
  const byBits = new Map<number, Set<string>>();
  for (const e of entries) {
    const r = cidrRange(e.trim());
    if (!r) {
      skipped.push({ entry: e, reason: 'not an IP address or CIDR block' });
      continue;
    }
    const bits = commonBits(r.start, r.end);
    let set = byBits.get(bits);
    if (!set) byBits.set(bits, (set = new Set()));
    set.add(r.start);
  }
  const sizes = [...byBits.keys()];
  return (part) => {
    const r = cidrRange(part.trim());
    if (!r) return false;
    const own = commonBits(r.start, r.end);
    return sizes.some((bits) => bits <= own && byBits.get(bits)!.has(maskKey(r.start, bits)));
  };
}

/** Parses one warninglist JSON document; returns a reason instead when it is not a usable list. */
export function parseWarninglist(json: unknown): Warninglist | { error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { error: 'not a JSON object' };
  const o = json as Record<string, unknown>;
  if (typeof o.name !== 'string' || !o.name.trim()) return { error: 'missing "name"' };
  if (!Array.isArray(o.list)) return { error: 'missing "list" array' };
  const type = (o.type ?? 'string') as WarninglistType;
  if (!TYPES.includes(type)) return { error: `unknown list type "${String(o.type)}"` };
  const entries = (o.list as unknown[])
    .map((e) => (typeof e === 'string' ? e : typeof e === 'object' && e && typeof (e as { value?: unknown }).value === 'string' ? (e as { value: string }).value : null))
    .filter((e): e is string => e !== null && e.length > 0);
  const attrs = Array.isArray(o.matching_attributes) ? (o.matching_attributes as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  const skipped: Warninglist['skipped'] = [];
  let matches: (part: string) => boolean;
  switch (type) {
    case 'string': {
      const set = new Set(entries);
      matches = (p) => set.has(p);
      break;
    }
    case 'substring':
      matches = (p) => entries.some((e) => p.includes(e));
      break;
    case 'hostname': {
      const set = new Set(entries.map((e) => e.replace(/^\.+|\.+$/g, '').toLowerCase()));
      matches = (p) => {
        const labels = hostOf(p).split('.');
        for (let i = labels.length - 1; i >= 0; i--) if (set.has(labels.slice(i).join('.'))) return true;
        return false;
      };
      break;
    }
    case 'cidr':
      matches = cidrMatcher(entries, skipped);
      break;
    case 'regex': {
      const res: RegExp[] = [];
      for (const e of entries) {
        const re = pcreToRegExp(e);
        if (re) res.push(re);
        else skipped.push({ entry: e, reason: 'unsupported or invalid regular expression' });
      }
      matches = (p) => res.some((re) => re.test(p));
      break;
    }
  }
  return {
    name: o.name.trim(),
    type,
    description: typeof o.description === 'string' ? o.description : '',
    version: typeof o.version === 'number' ? o.version : null,
    matchingAttributes: attrs.includes('ALL') ? [] : attrs,
    skipped,
    matches,
  };
}
