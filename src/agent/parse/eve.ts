/**
 * Suricata EVE JSON (one object per line; Suricata 3–8 field variants). Only the fields the aggregates
 * need are copied out; names, URLs, payloads, flow_id and community_id are never read.
 */
import { blankEvent, normaliseProto, type EventKind, type LogEvent, type RejectReason, type Skip } from './types.ts';
import { parseIsoTimestamp } from './timestamp.ts';

type Obj = Record<string, unknown>;

const KINDS: Record<string, EventKind> = {
  alert: 'alert',
  anomaly: 'anomaly',
  drop: 'drop',
  flow: 'flow',
  netflow: 'flow',
  dns: 'dns',
  http: 'http',
  tls: 'tls',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d{1,10}$/.test(v)) return Number(v);
  return null;
};
const port = (v: unknown): number | null => {
  const n = int(v);
  return n !== null && n <= 65535 ? n : null;
};
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);

const SKIPS = new Map<string, Skip>();
const TYPE_KEY = '"event_type":"';

/**
 * An EVE parser that skips, without a full JSON parse, lines whose top-level `event_type` is not in `only`
 * (flow, dns, http… are most of a real eve.json and are never shared). The type is read from the first
 * `"event_type":"` occurrence, which in Suricata's output is the top-level key; a string value cannot
 * contain that sequence unescaped, so a nested object is the only other place it could come from.
 */
export function createEveParser(only?: ReadonlySet<string>): (line: string) => LogEvent | RejectReason | Skip {
  if (!only) return parseEveLine;
  return (line) => {
    const at = line.indexOf(TYPE_KEY);
    if (at > 0 && line.charCodeAt(0) === 123) {
      const end = line.indexOf('"', at + TYPE_KEY.length);
      const type = line.slice(at + TYPE_KEY.length, end);
      if (end > 0 && !only.has(type) && line.lastIndexOf('{', at) === 0) {
        let s = SKIPS.get(type);
        if (!s) {
          s = { skip: `kind_${KINDS[type] ?? 'other'}` };
          if (SKIPS.size < 100) SKIPS.set(type, s);
        }
        return s;
      }
    }
    return parseEveLine(line);
  };
}

/** Parses one EVE JSON line. */
export function parseEveLine(line: string): LogEvent | RejectReason {
  let j: unknown;
  try {
    j = JSON.parse(line);
  } catch {
    return 'not_json';
  }
  const o = obj(j);
  if (!o) return 'not_object';
  if (o.timestamp === undefined) return 'missing_timestamp';
  const ts = typeof o.timestamp === 'string' ? parseIsoTimestamp(o.timestamp) : NaN;
  if (Number.isNaN(ts)) return 'bad_timestamp';
  const type = str(o.event_type);
  if (!type) return 'missing_event_type';
  const e = blankEvent(ts, KINDS[type] ?? 'other');
  if (o.src_ip !== undefined && typeof o.src_ip !== 'string') return 'bad_address';
  if (o.dest_ip !== undefined && typeof o.dest_ip !== 'string') return 'bad_address';
  e.srcIp = str(o.src_ip);
  e.destIp = str(o.dest_ip);
  e.srcPort = port(o.src_port);
  e.destPort = port(o.dest_port);
  e.proto = normaliseProto(typeof o.proto === 'string' || typeof o.proto === 'number' ? o.proto : null);
  const flow = obj(o.flow);
  // Suricata 7+ logs the flow's own orientation in `flow`; its dest port is the service port.
  if (flow && typeof flow.dest_port === 'number') e.servicePort = port(flow.dest_port);
  if (type === 'alert' || type === 'drop') {
    const a = obj(o.alert);
    if (a) {
      e.gid = int(a.gid);
      e.sid = int(a.signature_id);
      e.signature = str(a.signature);
      e.category = str(a.category);
      e.severity = int(a.severity);
      e.action = str(a.action);
      const target = obj(a.target);
      if (target) e.targetIp = str(target.ip);
    }
    if (type === 'drop' && !e.action) e.action = 'blocked';
  } else if (type === 'anomaly') {
    const a = obj(o.anomaly);
    const what = a ? (str(a.event) ?? str(a.code)) : null;
    e.signature = `anomaly ${a ? (str(a.type) ?? 'unknown') : 'unknown'}${what ? ` ${what}` : ''}`.slice(0, 120);
    e.category = 'anomaly';
    e.namesFromParser = true;
  }
  return e;
}
