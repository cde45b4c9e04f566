/** MISP composite values (`a|b`) and e-mail addresses. */
import { normalizeHostname } from './domain.ts';
import { isHex, normalizeHash } from './hash.ts';
import { parseIp } from './ip.ts';
import { ipPort, port, type Detected } from './parts.ts';

const WS = /\s/;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/** `local@domain` → `email-src`, lower-cased, domain in punycode. */
export function email(s: string): Detected {
  const at = s.lastIndexOf('@');
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.')) return { error: 'not a valid e-mail address' };
  const h = normalizeHostname(domain);
  if ('error' in h) return { error: `e-mail domain: ${h.error}` };
  return { type: 'email-src', value: `${local.toLowerCase()}@${h.value}` };
}

/**
 * `ip|port`, `filename|hash`, `hostname|port`, `domain|ip`. The last `|` splits, since file names may
 * contain one and the right-hand halves never do.
 */
export function composite(s: string): Detected {
  const bar = s.lastIndexOf('|');
  const left = s.slice(0, bar).trim();
  const right = s.slice(bar + 1).trim();
  if (left === '' || right === '') return { error: 'composite value with an empty half' };
  const leftIp = parseIp(left.startsWith('[') && left.endsWith(']') ? left.slice(1, -1) : left);
  const p = /^\d{1,5}$/.test(right) ? port(right) : null;
  if (leftIp && /^\d+$/.test(right)) {
    if (!p) return { error: 'port out of range' };
    return ipPort(leftIp.canonical, p);
  }
  if (isHex(right) && !p) {
    const h = normalizeHash(right);
    if ('error' in h) return h;
    return { type: `filename|${h.type}`, value: `${left}|${h.value}` };
  }
  if (WS.test(left) || WS.test(right)) return { error: 'contains whitespace' };
  const host = normalizeHostname(left);
  if ('error' in host) return { error: 'unrecognised composite value' };
  if (p) return { type: 'hostname|port', value: `${host.value}|${p}` };
  const ip = parseIp(right);
  if (ip) return { type: 'domain|ip', value: `${host.value}|${ip.canonical}` };
  return { error: 'unrecognised composite value' };
}
