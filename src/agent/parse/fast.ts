/**
 * Snort 2/3 and Suricata "fast" alert lines, plain or syslog-wrapped:
 * `MM/DD[/YY]-HH:MM:SS.us [**] [gid:sid:rev] msg [**] [Classification: x] [Priority: n] {PROTO} src[:port] -> dst[:port]`.
 */
import { blankEvent, normaliseProto, type LogEvent, type RejectReason } from './types.ts';
import { parseFastTimestamp, parseSyslogTimestamp } from './timestamp.ts';
import { parseIp, parseIPv4 } from '../net/ip.ts';

const BODY =
  /\[\s*(\d+):(\d+):(\d+)\s*\]\s*(?:"((?:[^"\\]|\\.)*)"|(.*?))\s*(?:\[\*\*\]\s*)?(?:\[Classification:\s*([^\]]*)\]\s*)?(?:\[Priority:\s*(\d+)\]\s*)?:?\s*\{([^}]*)\}\s*(\S+)\s*->\s*(\S+)\s*$/;

const PORTED = new Set(['TCP', 'UDP', 'SCTP']);

/** Splits `addr[:port]`; IPv6 carries a port only for TCP/UDP/SCTP, split on the last colon. */
export function splitHostPort(s: string, proto: string | null): { ip: string; port: number | null } | null {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return null;
    const p = s.slice(end + 2);
    return parseIp(s.slice(1, end)) ? { ip: s.slice(1, end), port: p ? toPort(p) : null } : null;
  }
  const first = s.indexOf(':');
  if (first < 0) return parseIPv4(s) >= 0 ? { ip: s, port: null } : null;
  if (s.indexOf(':', first + 1) < 0) {
    const ip = s.slice(0, first);
    return parseIPv4(ip) >= 0 ? { ip, port: toPort(s.slice(first + 1)) } : null;
  }
  if (proto !== null && PORTED.has(proto)) {
    const at = s.lastIndexOf(':');
    const ip = s.slice(0, at);
    const p = toPort(s.slice(at + 1));
    if (p !== null && parseIp(ip)) return { ip, port: p };
  }
  return parseIp(s) ? { ip: s, port: null } : null;
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
  return (line) => {
    const m = BODY.exec(line);
    if (!m) return 'not_fast_alert';
    const head = line.slice(0, m.index);
    let ts = parseFastTimestamp(head, now());
    if (Number.isNaN(ts)) ts = parseSyslogTimestamp(head, now());
    if (Number.isNaN(ts)) return head.replace(/\[\*\*\]/g, '').trim() === '' ? 'missing_timestamp' : 'bad_timestamp';
    const e = blankEvent(ts, 'alert');
    e.gid = Number(m[1]);
    e.sid = Number(m[2]);
    e.signature = (m[4] !== undefined ? m[4].replace(/\\(.)/g, '$1') : (m[5] ?? '')).trim() || null;
    e.category = m[6]?.trim() || null;
    e.severity = m[7] !== undefined ? Number(m[7]) : null;
    e.proto = normaliseProto(m[8]!.split(':')[0]);
    const src = splitHostPort(m[9]!, e.proto);
    const dst = splitHostPort(m[10]!, e.proto);
    if (!src || !dst) return 'bad_address';
    e.srcIp = src.ip;
    e.srcPort = src.port;
    e.destIp = dst.ip;
    e.destPort = dst.port;
    return e;
  };
}
