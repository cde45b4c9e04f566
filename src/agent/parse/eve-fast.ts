/**
 * A single-pass EVE line scanner for the hot path: it walks the JSON structure once (strings, escapes,
 * nesting), checks that the line is one balanced object, and reads only the fields the aggregates use —
 * top-level tuple/timestamp/event_type, `alert.*` and `flow.dest_port` — without building the object tree
 * that makes `JSON.parse` the bottleneck. Anything it does not expect returns null, and the caller falls
 * back to `JSON.parse`, so odd input is never treated differently from the reference parser's result.
 */
import { blankEvent, normaliseProto, type EventKind, type LogEvent } from './types.ts';
import { parseIsoTimestamp } from './timestamp.ts';

const KINDS: Record<string, EventKind> = { alert: 'alert', anomaly: 'anomaly', drop: 'drop', flow: 'flow', netflow: 'flow', dns: 'dns', http: 'http', tls: 'tls' };

/** Returns the event, or null when the line needs the full parser (escapes in used fields, odd shapes, junk). */
export function scanEveLine(line: string): LogEvent | null {
  const n = line.length;
  if (n < 20 || line.charCodeAt(0) !== 123) return null;
  let depth = 0;
  let ctx = 0; // 0 top level, 1 inside alert, 2 inside flow, 3 inside alert.target, 4 other
  let ctxDepth = 0;
  let ts: string | null = null;
  let type: string | null = null;
  let srcIp: string | null = null;
  let destIp: string | null = null;
  let srcPort = -1;
  let destPort = -1;
  let proto: string | null = null;
  let gid = -1;
  let sid = -1;
  let severity = -1;
  let signature: string | null = null;
  let category: string | null = null;
  let action: string | null = null;
  let targetIp: string | null = null;
  let flowDest = -1;
  let pendingCtx = 0;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 34) {
      // A string: find its end, noting escapes.
      let j = i + 1;
      let esc = false;
      for (;;) {
        if (j >= n) return null;
        const d = line.charCodeAt(j);
        if (d === 92) {
          esc = true;
          j += 2;
          continue;
        }
        if (d === 34) break;
        if (d < 32) return null;
        j++;
      }
      if (line.charCodeAt(j + 1) !== 58) {
        i = j + 1;
        continue; // a value string we did not ask for
      }
      // A key. Only keys at the levels we read matter; their names never contain escapes in EVE.
      const kStart = i + 1;
      const kLen = j - kStart;
      i = j + 2;
      if (esc) continue;
      const want = (name: string): boolean => kLen === name.length && line.startsWith(name, kStart);
      const readStr = (): string | null => {
        if (line.charCodeAt(i) !== 34) return null;
        let k = i + 1;
        while (k < n) {
          const d = line.charCodeAt(k);
          if (d === 92 || d < 32) return null;
          if (d === 34) break;
          k++;
        }
        if (k >= n) return null;
        const v = line.slice(i + 1, k);
        i = k + 1;
        return v;
      };
      const readInt = (): number => {
        let v = 0;
        let k = i;
        while (k < n) {
          const d = line.charCodeAt(k) - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          k++;
        }
        if (k === i || k - i > 15) return -2;
        i = k;
        return v;
      };
      if (depth === 1) {
        if (want('timestamp')) {
          if ((ts = readStr()) === null) return null;
        } else if (want('event_type')) {
          if ((type = readStr()) === null) return null;
        } else if (want('src_ip')) {
          if ((srcIp = readStr()) === null) return null;
        } else if (want('dest_ip')) {
          if ((destIp = readStr()) === null) return null;
        } else if (want('src_port')) {
          if ((srcPort = readInt()) < 0) return null;
        } else if (want('dest_port')) {
          if ((destPort = readInt()) < 0) return null;
        } else if (want('proto')) {
          if ((proto = readStr()) === null) {
            const p = readInt();
            if (p < 0) return null;
            proto = String(p);
          }
        } else if (want('alert')) pendingCtx = 1;
        else if (want('flow')) pendingCtx = 2;
        else pendingCtx = 4;
      } else if (depth === 2 && ctx === 1) {
        if (want('gid')) {
          if ((gid = readInt()) < 0) return null;
        } else if (want('signature_id')) {
          if ((sid = readInt()) < 0) return null;
        } else if (want('severity')) {
          if ((severity = readInt()) < 0) return null;
        } else if (want('signature')) {
          if ((signature = readStr()) === null) return null;
        } else if (want('category')) {
          if ((category = readStr()) === null) return null;
        } else if (want('action')) {
          if ((action = readStr()) === null) return null;
        } else if (want('target')) pendingCtx = 3;
        else pendingCtx = 4;
      } else if (depth === 2 && ctx === 2) {
        if (want('dest_port')) {
          if ((flowDest = readInt()) < 0) return null;
        }
      } else if (depth === 3 && ctx === 3) {
        if (want('ip')) {
          if ((targetIp = readStr()) === null) return null;
        }
      }
      continue;
    }
    if (c === 123 || c === 91) {
      depth++;
      if (c === 123 && pendingCtx !== 0 && depth === (pendingCtx === 3 ? 3 : 2)) {
        ctx = pendingCtx;
        ctxDepth = depth;
      }
      pendingCtx = 0;
    } else if (c === 125 || c === 93) {
      if (depth === ctxDepth) {
        ctx = ctx === 3 ? 1 : 0;
        ctxDepth = ctx === 1 ? 2 : 0;
      }
      depth--;
      if (depth === 0) {
        // The object must end the line (only whitespace may follow).
        for (let k = i + 1; k < n; k++) {
          const d = line.charCodeAt(k);
          if (d !== 32 && d !== 9 && d !== 13) return null;
        }
        break;
      }
      if (depth < 0) return null;
    } else if (c !== 44 && c !== 58 && c !== 32) {
      // Literals and numbers we skip: only [-0-9a-zA-Z.+] may appear outside strings.
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 46 || c === 43)) return null;
      if (pendingCtx !== 0) pendingCtx = 0;
    }
    i++;
  }
  if (depth !== 0 || ts === null || type === null) return null;
  const t = parseIsoTimestamp(ts);
  if (Number.isNaN(t)) return null;
  const e = blankEvent(t, KINDS[type] ?? 'other');
  e.srcIp = srcIp;
  e.destIp = destIp;
  e.srcPort = srcPort >= 0 && srcPort <= 65535 ? srcPort : null;
  e.destPort = destPort >= 0 && destPort <= 65535 ? destPort : null;
  e.servicePort = flowDest >= 0 && flowDest <= 65535 ? flowDest : null;
  e.proto = normaliseProto(proto);
  if (type === 'alert' || type === 'drop') {
    e.gid = gid >= 0 ? gid : null;
    e.sid = sid >= 0 ? sid : null;
    e.severity = severity >= 0 ? severity : null;
    e.signature = signature === '' ? null : signature;
    e.category = category === '' ? null : category;
    e.action = action === '' ? null : action;
    e.targetIp = targetIp;
    if (type === 'drop' && !e.action) e.action = 'blocked';
  } else if (type === 'anomaly') return null; // rare: the full parser builds its label
  return e;
}
