/** The one record shape every log parser produces. Addresses stay inside the agent. */

/** What kind of log record a line was. Only some kinds are aggregated (see aggregate/). */
export type EventKind = 'alert' | 'anomaly' | 'drop' | 'firewall' | 'flow' | 'dns' | 'http' | 'tls' | 'other';

/** A parsed log record. `ts` is epoch milliseconds (UTC). */
export interface LogEvent {
  ts: number;
  kind: EventKind;
  srcIp: string | null;
  srcPort: number | null;
  destIp: string | null;
  destPort: number | null;
  /** Service port of the flow (responder side) when the log says so, else null. */
  servicePort: number | null;
  proto: string | null;
  gid: number | null;
  sid: number | null;
  signature: string | null;
  category: string | null;
  severity: number | null;
  action: string | null;
  /** Suricata 6+ `alert.target.ip`: the attacked side, when the rule declares it. */
  targetIp: string | null;
  /** Name and category were built by the parser from fixed vocabularies (anomaly types, firewall actions). */
  namesFromParser: boolean;
}

/** Why a line was not turned into a LogEvent. */
export type RejectReason =
  | 'empty'
  | 'binary'
  | 'line_too_long'
  | 'not_json'
  | 'not_object'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'missing_event_type'
  | 'bad_address'
  | 'not_fast_alert'
  | 'not_iptables'
  | 'csv_columns'
  | 'csv_header'
  | 'unknown_format';

/** A line recognised but deliberately not parsed further (an event type that is never shared). */
export interface Skip {
  skip: string;
}

/** A parser turns one line into an event, a skip or a reject reason (never throws). */
export type LineParser = (line: string) => LogEvent | RejectReason | Skip;

/** A blank event with every field null, to fill in. */
export function blankEvent(ts: number, kind: EventKind): LogEvent {
  return {
    ts,
    kind,
    srcIp: null,
    srcPort: null,
    destIp: null,
    destPort: null,
    servicePort: null,
    proto: null,
    gid: null,
    sid: null,
    signature: null,
    category: null,
    severity: null,
    action: null,
    targetIp: null,
    namesFromParser: false,
  };
}

const PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 50: 'ESP', 58: 'IPv6-ICMP', 132: 'SCTP' };

/** Normalises protocol names and numbers ("017", "6", "tcp", "ICMPv6") to one spelling. */
export function normaliseProto(p: string | number | null | undefined): string | null {
  if (p === null || p === undefined || p === '') return null;
  const s = String(p).trim();
  if (/^\d{1,3}$/.test(s)) return PROTO_NAMES[Number(s)] ?? String(Number(s));
  const u = s.toUpperCase();
  if (u === 'ICMPV6' || u === 'IPV6-ICMP' || u === 'ICMP6') return 'IPv6-ICMP';
  if (u.length > 16) return null;
  return u;
}

/** True if the string contains bytes that mark a binary (non-text) line. */
export function looksBinary(line: string): boolean {
  let ctrl = 0;
  const n = Math.min(line.length, 512);
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 13) ctrl++;
  }
  return ctrl > 4;
}
