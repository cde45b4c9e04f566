/**
 * TAXII timestamps: `date_added` is kept as integer microseconds (unique per collection) and served with
 * exactly six fraction digits; STIX versions are compared through a fixed-width key.
 */
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** Parses an RFC 3339 UTC timestamp to epoch microseconds (fraction beyond µs is cut); null if malformed. */
export function parseMicros(s: string): number | null {
  const m = TS_RE.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac = ''] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d)) return null;
  return ms * 1000 + Number((frac + '000000').slice(0, 6));
}

/** Formats epoch microseconds as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${String(us - Math.floor(us / 1_000_000) * 1_000_000).padStart(6, '0')}Z`;
}

/** Sortable, precision-independent key of a STIX timestamp (`…59.444Z` and `…59.444000Z` are equal); null if malformed. */
export function versionKey(s: string): string | null {
  const m = TS_RE.exec(s);
  if (!m || parseMicros(s) === null) return null;
  const frac = (m[7] ?? '').replace(/0+$/, '');
  return `${s.slice(0, 19)}.${(frac + '000000000').slice(0, 9)}`;
}
