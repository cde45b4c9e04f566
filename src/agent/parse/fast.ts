/**
 * Snort 2/3 and Suricata "fast" alert lines, plain or syslog-wrapped:
 * `MM/DD[/YY]-HH:MM:SS.us [**] [gid:sid:rev] msg [**] [Classification: x] [Priority: n] {PROTO} src[:port] -> dst[:port]`.
 */
import { blankEvent, normaliseProto, type LogEvent, type RejectReason } from './types.ts';
import { checkedSuricataFastTimestamp, parseFastTimestamp, parseSyslogTimestamp, suricataFastTimestamp } from './timestamp.ts';
import { memoiseProto } from './proto-memo.ts';
import { parseIp, parseIPv4 } from '../../core/net/ip-fast.ts';

// The lookahead after the message changes nothing that matches: whatever follows the message, the rest of
// the pattern needs optional space and then `[`, `:` or `{`. It only spares the lazy message the full
// attempt at every character, which was most of the time spent matching.
const BODY =
  /\[\s*(\d+):(\d+):\d+\s*\]\s*(?:"((?:[^"\\]|\\.)*)"|(.*?))(?=\s*[[:{])\s*(?:\[\*\*\]\s*)?(?:\[Classification:\s*([^\]]*)\]\s*)?(?:\[Priority:\s*(\d+)\]\s*)?:?\s*\{([^}]*)\}\s*(\S+)\s*->\s*(\S+)\s*$/;
/**
 * Suricata's own line: its fixed 26-character timestamp, the `[**]` that follows, then BODY. Tried only at
 * the start of the line; the timestamp's date-and-hour part is captured for the cached-prefix comparison.
 */
const SURICATA_LINE = new RegExp(String.raw`(\d\d\/\d\d\/\d{4}-\d\d):\d\d:\d\d\.\d{6}  \[\*\*\] ` + BODY.source, 'y');

const PORTED = new Set(['TCP', 'UDP', 'SCTP']);

/** Where `hostPortInto` puts its answer (one per parser, reused line after line). */
interface HostPort {
  ip: string;
  port: number | null;
}

/** Splits `addr[:port]`; IPv6 carries a port only for TCP/UDP/SCTP, split on the last colon. */
export function splitHostPort(s: string, proto: string | null): { ip: string; port: number | null } | null {
  const out: HostPort = { ip: '', port: null };
  return hostPortInto(s, proto, out) ? out : null;
}

/** `splitHostPort` writing into `out` (false = not an address): no result object per address. */
function hostPortInto(s: string, proto: string | null, out: HostPort): boolean {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return false;
    const p = s.slice(end + 2);
    if (!parseIp(s.slice(1, end))) return false;
    out.ip = s.slice(1, end);
    out.port = p ? toPort(p, 0) : null;
    return true;
  }
  const first = s.indexOf(':');
  if (first < 0) return parseIPv4(s) >= 0 ? set(out, s, null) : false;
  if (s.indexOf(':', first + 1) < 0) {
    const ip = s.slice(0, first);
    return parseIPv4(ip) >= 0 ? set(out, ip, toPort(s, first + 1)) : false;
  }
  if (proto !== null && PORTED.has(proto)) {
    const at = s.lastIndexOf(':');
    const ip = s.slice(0, at);
    const p = toPort(s, at + 1);
    if (p !== null && parseIp(ip)) return set(out, ip, p);
  }
  return parseIp(s) ? set(out, s, null) : false;
}

function set(out: HostPort, ip: string, port: number | null): true {
  out.ip = ip;
  out.port = port;
  return true;
}

/** The port spelled by `s` from `from` to its end (read in place: no substring per address), or null. */
function toPort(s: string, from: number): number | null {
  const len = s.length - from;
  if (len <= 0 || len > 5) return null;
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n <= 65535 ? n : null;
}

/** Returns a fast-alert parser; `now` anchors the year of year-less timestamps. */
export function createFastParser(now: () => number = Date.now): (line: string) => LogEvent | RejectReason {
  const src: HostPort = { ip: '', port: null };
  const dst: HostPort = { ip: '', port: null };
  const proto = memoiseProto((raw) => normaliseProto(raw.split(':')[0]));
  return (line) => {
    // Where it matches, SURICATA_LINE gives what BODY.exec would: characters 0–32 hold only digits,
    // separators and `  [**] `, so BODY can start nowhere before 33, and at 33 it is the same pattern.
    SURICATA_LINE.lastIndex = 0;
    let m = SURICATA_LINE.exec(line);
    let ts = m === null ? NaN : checkedSuricataFastTimestamp(m[1]!, line);
    // Captures of SURICATA_LINE are BODY's shifted by one (the timestamp prefix comes first).
    let at = 1;
    if (m === null || Number.isNaN(ts)) {
      at = 0;
      m = BODY.exec(line);
      if (!m) return 'not_fast_alert';
      // Suricata's own form needs neither the clock nor the head cut out; the rest takes the general path.
      ts = suricataFastTimestamp(line, m.index);
      if (Number.isNaN(ts)) {
        const head = line.slice(0, m.index);
        ts = parseFastTimestamp(head, now());
        if (Number.isNaN(ts)) ts = parseSyslogTimestamp(head, now());
        if (Number.isNaN(ts)) return head.replace(/\[\*\*\]/g, '').trim() === '' ? 'missing_timestamp' : 'bad_timestamp';
      }
    }
    const e = blankEvent(ts, 'alert');
    e.gid = Number(m[at + 1]);
    e.sid = Number(m[at + 2]);
    const quoted = m[at + 3];
    e.signature = (quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (m[at + 4] ?? '')).trim() || null;
    e.category = m[at + 5]?.trim() || null;
    const prio = m[at + 6];
    e.severity = prio !== undefined ? Number(prio) : null;
    e.proto = proto(m[at + 7]!);
    if (!hostPortInto(m[at + 8]!, e.proto, src) || !hostPortInto(m[at + 9]!, e.proto, dst)) return 'bad_address';
    e.srcIp = src.ip;
    e.srcPort = src.port;
    e.destIp = dst.ip;
    e.destPort = dst.port;
    return e;
  };
}
