/**
 * Snort 2/3 and Suricata "fast" alert lines, plain or syslog-wrapped:
 * `MM/DD[/YY]-HH:MM:SS.us [**] [gid:sid:rev] msg [**] [Classification: x] [Priority: n] {PROTO} src[:port] -> dst[:port]`.
 */
import { blankEvent, normaliseProto, type LogEvent, type RejectReason } from './types.ts';
import { parseFastTimestamp, parseSyslogTimestamp, suricataFastTimestamp } from './timestamp.ts';
import { memoiseProto } from './proto-memo.ts';
import { parseIp, parseIPv4 } from '../net/ip.ts';

const BODY =
  /\[\s*(\d+):(\d+):(\d+)\s*\]\s*(?:"((?:[^"\\]|\\.)*)"|(.*?))\s*(?:\[\*\*\]\s*)?(?:\[Classification:\s*([^\]]*)\]\s*)?(?:\[Priority:\s*(\d+)\]\s*)?:?\s*\{([^}]*)\}\s*(\S+)\s*->\s*(\S+)\s*$/;

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
    out.port = p ? toPort(p) : null;
    return true;
  }
  const first = s.indexOf(':');
  if (first < 0) return parseIPv4(s) >= 0 ? set(out, s, null) : false;
  if (s.indexOf(':', first + 1) < 0) {
    const ip = s.slice(0, first);
    return parseIPv4(ip) >= 0 ? set(out, ip, toPort(s.slice(first + 1))) : false;
  }
  if (proto !== null && PORTED.has(proto)) {
    const at = s.lastIndexOf(':');
    const ip = s.slice(0, at);
    const p = toPort(s.slice(at + 1));
    if (p !== null && parseIp(ip)) return set(out, ip, p);
  }
  return parseIp(s) ? set(out, s, null) : false;
}

function set(out: HostPort, ip: string, port: number | null): true {
  out.ip = ip;
  out.port = port;
  return true;
}

function toPort(s: string): number | null {
  if (s.length === 0 || s.length > 5) return null;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
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
    const m = BODY.exec(line);
    if (!m) return 'not_fast_alert';
    // Suricata's own form needs neither the clock nor the head cut out; the rest takes the general path.
    let ts = suricataFastTimestamp(line, m.index);
    if (Number.isNaN(ts)) {
      const head = line.slice(0, m.index);
      ts = parseFastTimestamp(head, now());
      if (Number.isNaN(ts)) ts = parseSyslogTimestamp(head, now());
      if (Number.isNaN(ts)) return head.replace(/\[\*\*\]/g, '').trim() === '' ? 'missing_timestamp' : 'bad_timestamp';
    }
    const e = blankEvent(ts, 'alert');
    e.gid = Number(m[1]);
    e.sid = Number(m[2]);
    e.signature = (m[4] !== undefined ? m[4].replace(/\\(.)/g, '$1') : (m[5] ?? '')).trim() || null;
    e.category = m[6]?.trim() || null;
    e.severity = m[7] !== undefined ? Number(m[7]) : null;
    e.proto = proto(m[8]!);
    if (!hostPortInto(m[9]!, e.proto, src) || !hostPortInto(m[10]!, e.proto, dst)) return 'bad_address';
    e.srcIp = src.ip;
    e.srcPort = src.port;
    e.destIp = dst.ip;
    e.destPort = dst.port;
    return e;
  };
}
