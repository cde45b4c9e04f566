/**
 * netfilter LOG lines (kernel ring or syslog; SuSE, shorewall, UFW `[UFW BLOCK]`, OpenWRT `DROP(src wan)IN=`,
 * ICMP `TYPE=/CODE=`, IPv6 `SRC=fe80:0000:…`). Fields are found by position (indexOf), and only the ones
 * the event needs are cut out of the line.
 */
import { detach } from '../../core/net/detach.ts';
import { logPrefixStart } from './log-prefix.ts';
import { memoiseProto } from './proto-memo.ts';
import { blankEvent, normaliseProto, type LogEvent, type RejectReason } from './types.ts';
import { parseSyslogTimestamp } from './timestamp.ts';

/**
 * Start of the value of `KEY=` (passed as `key`) where ` KEY=` first occurs at or after `from`, or -1.
 * Searching for `KEY=` and checking the space before it finds the same place as searching for ` KEY=`,
 * but skips the many spaces of a LOG line that are not followed by the key.
 */
function valueAt(line: string, key: string, from: number): number {
  let i = line.indexOf(key, from + 1);
  while (i >= 0 && line.charCodeAt(i - 1) !== 32) i = line.indexOf(key, i + 1);
  return i < 0 ? -1 : i + key.length;
}

/** End of the value starting at `start`: the next space, or the end of the line. */
function valueEnd(line: string, start: number): number {
  const end = line.indexOf(' ', start);
  return end < 0 ? line.length : end;
}

function field(line: string, key: string, from: number): string | null {
  const start = valueAt(line, key, from);
  return start < 0 ? null : line.slice(start, valueEnd(line, start));
}

/** A port: 1–5 ASCII digits, at most 65535 (what `/^\d{1,5}$/` and the bound accepted); else null. */
function portAt(line: string, key: string, from: number): number | null {
  const start = valueAt(line, key, from);
  if (start < 0) return null;
  const end = valueEnd(line, start);
  if (end === start || end - start > 5) return null;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
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

const CATEGORY: Record<string, string> = { blocked: 'firewall blocked', allowed: 'firewall allowed', logged: 'firewall logged' };

/** Returns an iptables LOG parser; `now` anchors the year of syslog timestamps. */
export function createIptablesParser(now: () => number = Date.now): (line: string) => LogEvent | RejectReason {
  // A log repeats a handful of prefixes (a one-entry memo skips the regexes) and protocol spellings.
  let lastPrefix: string | null = null;
  let lastAction = 'logged';
  const proto = memoiseProto(normaliseProto);
  return (line) => {
    const inAt = findIn(line);
    if (inAt < 0) return 'not_iptables';
    const src = field(line, 'SRC=', inAt);
    const dst = field(line, 'DST=', inAt);
    if (src === null || dst === null) return 'not_iptables';
    let ts = parseSyslogTimestamp(line, now(), inAt);
    // Lines without a syslog header (shorewall, dmesg) carry no date: use the read time.
    if (Number.isNaN(ts)) ts = now();
    const e = blankEvent(ts, 'firewall');
    e.srcIp = src;
    e.destIp = dst;
    const protoRaw = field(line, 'PROTO=', inAt);
    e.proto = protoRaw === null ? null : proto(protoRaw);
    e.srcPort = portAt(line, 'SPT=', inAt);
    e.destPort = portAt(line, 'DPT=', inAt);
    if (e.proto === 'ICMP' || e.proto === 'IPv6-ICMP') {
      const type = field(line, 'TYPE=', inAt);
      e.signature = type !== null ? `icmp type ${type}` : null;
    }
    const at = logPrefixStart(line, inAt);
    if (lastPrefix === null || at + lastPrefix.length !== inAt || !line.startsWith(lastPrefix, at)) {
      lastPrefix = detach(line.slice(at, inAt));
      lastAction = actionFromPrefix(lastPrefix);
    }
    e.action = lastAction;
    e.sid = 0;
    e.gid = 0;
    e.category = CATEGORY[lastAction]!;
    e.namesFromParser = true;
    return e;
  };
}
