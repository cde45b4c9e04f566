/**
 * netfilter LOG lines (kernel ring or syslog; SuSE, shorewall, UFW `[UFW BLOCK]`, OpenWRT `DROP(src wan)IN=`,
 * ICMP `TYPE=/CODE=`, IPv6 `SRC=fe80:0000:…`). Field extraction by indexOf keeps this near 1M lines/s.
 */
import { blankEvent, normaliseProto, type LogEvent, type RejectReason } from './types.ts';
import { parseSyslogTimestamp } from './timestamp.ts';

function field(line: string, key: string, from: number): string | null {
  const i = line.indexOf(key, from);
  if (i < 0) return null;
  const start = i + key.length;
  let end = line.indexOf(' ', start);
  if (end < 0) end = line.length;
  return line.slice(start, end);
}

function portOf(s: string | null): number | null {
  if (s === null || !/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

/** Finds `IN=` where it starts a field (after a space, bracket, parenthesis or at line start). */
function findIn(line: string): number {
  let i = line.indexOf('IN=');
  while (i >= 0) {
    const prev = i === 0 ? ' ' : line[i - 1]!;
    if (!/[A-Za-z0-9_]/.test(prev)) return i;
    i = line.indexOf('IN=', i + 3);
  }
  return -1;
}

/** Derives a coarse action from the log prefix (the member's own rule names are not shared). */
export function actionFromPrefix(prefix: string): string {
  if (/drop|block|deny|reject|rej\b/i.test(prefix)) return 'blocked';
  if (/acc|allow|pass|permit/i.test(prefix)) return 'allowed';
  return 'logged';
}

/** Returns an iptables LOG parser; `now` anchors the year of syslog timestamps. */
export function createIptablesParser(now: () => number = Date.now): (line: string) => LogEvent | RejectReason {
  return (line) => {
    const inAt = findIn(line);
    if (inAt < 0) return 'not_iptables';
    const src = field(line, ' SRC=', inAt);
    const dst = field(line, ' DST=', inAt);
    if (src === null || dst === null) return 'not_iptables';
    const head = line.slice(0, inAt);
    let ts = parseSyslogTimestamp(head, now());
    // Lines without a syslog header (shorewall, dmesg) carry no date: use the read time.
    if (Number.isNaN(ts)) ts = now();
    const e = blankEvent(ts, 'firewall');
    e.srcIp = src;
    e.destIp = dst;
    e.proto = normaliseProto(field(line, ' PROTO=', inAt));
    e.srcPort = portOf(field(line, ' SPT=', inAt));
    e.destPort = portOf(field(line, ' DPT=', inAt));
    if (e.proto === 'ICMP' || e.proto === 'IPv6-ICMP') {
      const type = field(line, ' TYPE=', inAt);
      e.signature = type !== null ? `icmp type ${type}` : null;
    }
    const prefix = head.replace(/^.*?kernel:\s*(\[\s*\d+\.\d+\]\s*)?/, '');
    e.action = actionFromPrefix(prefix);
    e.sid = 0;
    e.gid = 0;
    e.category = `firewall ${e.action}`;
    return e;
  };
}
