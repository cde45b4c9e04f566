/** Timestamp parsing for log lines; every function returns epoch ms or NaN. */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;

let lastPrefix = '';
let lastBase = NaN;

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/**
 * Fast path for Suricata's fixed form `YYYY-MM-DDTHH:MM:SS.ffffff+hhmm`: the date-and-hour prefix changes
 * rarely in a log, so its value is cached and only minutes, seconds and milliseconds are read per line.
 */
function fastSuricata(s: string): number {
  if (s.length !== 31 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return NaN;
  const prefix = s.slice(0, 13) + s.slice(26);
  if (prefix !== lastPrefix) {
    const base = slowIso(`${s.slice(0, 13)}:00:00${s.slice(26)}`);
    if (Number.isNaN(base)) return NaN;
    lastPrefix = prefix;
    lastBase = base;
  }
  const mm = digit(s, 14) * 10 + digit(s, 15);
  const ss = digit(s, 17) * 10 + digit(s, 18);
  const ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  if (!(mm <= 59 && ss <= 60 && ms >= 0)) return NaN;
  for (let i = 23; i < 26; i++) if (Number.isNaN(digit(s, i))) return NaN;
  return lastBase + mm * 60_000 + ss * 1000 + ms;
}

/** ISO 8601 with `Z`, `+hh:mm` or Suricata's `+hhmm` offset (no offset = UTC). */
export function parseIsoTimestamp(s: string): number {
  const fast = fastSuricata(s);
  return Number.isNaN(fast) ? slowIso(s) : fast;
}

function slowIso(s: string): number {
  const m = ISO.exec(s);
  if (!m) return NaN;
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  if (month > 11 || day < 1 || day > 31 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return NaN;
  let t = Date.UTC(Number(m[1]), month, day, Number(m[4]), Number(m[5]), Number(m[6]), m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0);
  const off = m[8];
  if (off && off !== 'Z') {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

/**
 * Picks the year for a timestamp logged without one (syslog, Snort `MM/DD`): the latest year that does not
 * put the record more than a day in the future of `now`.
 */
export function inferYear(month: number, day: number, h: number, mi: number, s: number, ms: number, now: number): number {
  const y = new Date(now).getUTCFullYear();
  const t = Date.UTC(y, month, day, h, mi, s, ms);
  return t > now + 86_400_000 ? Date.UTC(y - 1, month, day, h, mi, s, ms) : t;
}

let lastSyslogText = '';
let lastSyslogNow = NaN;
let lastSyslogValue = NaN;

const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;

/**
 * Classic syslog `Mmm dd HH:MM:SS` at the start of a line (year inferred), or ISO 8601 (RFC 5424).
 * With `end`, reads `line.slice(0, end)` (the part before the log fields) without cutting it out first.
 */
export function parseSyslogTimestamp(text: string, now: number, end = text.length): number {
  // Consecutive lines mostly share the second: the same leading text matches SYSLOG the same way.
  if (lastSyslogText !== '' && now === lastSyslogNow && lastSyslogText.length <= end && text.startsWith(lastSyslogText)) return lastSyslogValue;
  const line = end === text.length ? text : text.slice(0, end);
  const m = SYSLOG.exec(line);
  if (m) {
    const month = MONTHS[m[1]!];
    if (month === undefined) return NaN;
    const v = inferYear(month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0, now);
    lastSyslogText = m[0];
    lastSyslogNow = now;
    lastSyslogValue = v;
    return v;
  }
  const iso = /^(?:<\d+>\d? ?)?(\d{4}-\d{2}-\d{2}[T ]\S+)/.exec(line);
  return iso ? parseIsoTimestamp(iso[1]!) : NaN;
}

let lastFastPrefix = '';
let lastFastBase = NaN;

/**
 * Fast path for Suricata's fast.log form `MM/DD/YYYY-HH:MM:SS.ffffff` at the start of `s.slice(0, end)`
 * (what the FAST pattern below matches there): the date-and-hour prefix is cached, minutes to milliseconds
 * are read by position, and nothing is allocated. NaN means "not this form": the caller takes the general
 * path (`parseFastTimestamp`). It needs no `now`, so callers can skip reading the clock when it succeeds.
 */
export function suricataFastTimestamp(s: string, end = s.length): number {
  if (end < 26) return NaN;
  // Most lines share the cached date-and-hour prefix, which already passed the checks on characters 0–12;
  // startsWith is one builtin call, where checking those 13 characters one by one costs a dozen.
  if (lastFastPrefix === '' || !s.startsWith(lastFastPrefix)) {
    if (s.charCodeAt(2) !== 47 || s.charCodeAt(5) !== 47 || s.charCodeAt(10) !== 45) return NaN;
    for (const i of PREFIX_DIGITS) if (Number.isNaN(digit(s, i))) return NaN;
    const month = digit(s, 0) * 10 + digit(s, 1) - 1;
    const day = digit(s, 3) * 10 + digit(s, 4);
    const h = digit(s, 11) * 10 + digit(s, 12);
    const year = digit(s, 6) * 1000 + digit(s, 7) * 100 + digit(s, 8) * 10 + digit(s, 9);
    lastFastBase = month < 0 || month > 11 || day < 1 || day > 31 || h > 23 ? NaN : Date.UTC(year, month, day, h, 0, 0, 0);
    lastFastPrefix = s.slice(0, 13);
  }
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return NaN;
  // A non-digit makes its field NaN, and NaN fails every comparison below.
  const mi = digit(s, 14) * 10 + digit(s, 15);
  const sec = digit(s, 17) * 10 + digit(s, 18);
  const ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  if (Number.isNaN(lastFastBase) || !(mi <= 59) || !(sec <= 60) || !(ms >= 0)) return NaN;
  // Date.UTC is linear in minutes, seconds and milliseconds, so base + offsets is the same number.
  return lastFastBase + mi * 60_000 + sec * 1000 + ms;
}

/**
 * `suricataFastTimestamp(s)` for a line whose first 23 characters a pattern has already checked to be
 * `MM/DD/YYYY-HH:MM:SS.fff` (digits where digits belong); `prefix` is the captured `MM/DD/YYYY-HH`.
 * Comparing that capture with the cached prefix is cheaper than re-reading it from the line.
 */
export function checkedSuricataFastTimestamp(prefix: string, s: string): number {
  if (prefix !== lastFastPrefix) {
    const month = digit(prefix, 0) * 10 + digit(prefix, 1) - 1;
    const day = digit(prefix, 3) * 10 + digit(prefix, 4);
    const h = digit(prefix, 11) * 10 + digit(prefix, 12);
    const year = digit(prefix, 6) * 1000 + digit(prefix, 7) * 100 + digit(prefix, 8) * 10 + digit(prefix, 9);
    lastFastBase = month < 0 || month > 11 || day < 1 || day > 31 || h > 23 ? NaN : Date.UTC(year, month, day, h, 0, 0, 0);
    lastFastPrefix = prefix;
  }
  const mi = (s.charCodeAt(14) - 48) * 10 + s.charCodeAt(15) - 48;
  const sec = (s.charCodeAt(17) - 48) * 10 + s.charCodeAt(18) - 48;
  if (Number.isNaN(lastFastBase) || mi > 59 || sec > 60) return NaN;
  return lastFastBase + mi * 60_000 + sec * 1000 + (s.charCodeAt(20) - 48) * 100 + (s.charCodeAt(21) - 48) * 10 + s.charCodeAt(22) - 48;
}

const PREFIX_DIGITS = [0, 1, 3, 4, 6, 7, 8, 9, 11, 12];

const FAST = /(\d{2})\/(\d{2})(?:\/(\d{2,4}))?-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;

/**
 * Snort/Suricata fast timestamps: `MM/DD-…` (no year), `MM/DD/YY-…` (Snort 2 -y), `MM/DD/YYYY-…`
 * (Suricata), `YY/MM/DD-…` (Snort 3 -y; recognised when the first field cannot be a month).
 */
export function parseFastTimestamp(s: string, now: number): number {
  const fast = suricataFastTimestamp(s);
  if (!Number.isNaN(fast)) return fast;
  const m = FAST.exec(s);
  if (!m) return NaN;
  let a = Number(m[1]);
  let b = Number(m[2]);
  const c = m[3];
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = Number(m[6]);
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let year: number | null = null;
  if (c !== undefined) {
    if (c.length === 4) year = Number(c);
    else if (a > 12) {
      year = 2000 + a;
      a = b;
      b = Number(c);
    } else year = 2000 + Number(c);
  }
  const month = a - 1;
  if (month < 0 || month > 11 || b < 1 || b > 31 || h > 23 || mi > 59 || sec > 60) return NaN;
  return year === null ? inferYear(month, b, h, mi, sec, ms, now) : Date.UTC(year, month, b, h, mi, sec, ms);
}
