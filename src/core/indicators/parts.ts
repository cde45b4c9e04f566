/** Small builders shared by the detectors: address results with the non-routable note, ports. */
import { isNonRoutable } from './ip.ts';
import type { IndicatorType } from './types.ts';

export type Detected = { type: IndicatorType; value: string; note?: string } | { error: string };

export const NON_ROUTABLE = 'non-routable address';

/** An `ip-dst` result, noting non-routable addresses. */
export function ipValue(canonical: string, note?: string): Detected {
  const n = isNonRoutable(canonical) ? NON_ROUTABLE : note;
  return n ? { type: 'ip-dst', value: canonical, note: n } : { type: 'ip-dst', value: canonical };
}

/** An `ip-dst|port` result in MISP's `addr|port` form. */
export function ipPort(ip: string, p: string): Detected {
  const value = `${ip}|${p}`;
  return isNonRoutable(ip) ? { type: 'ip-dst|port', value, note: NON_ROUTABLE } : { type: 'ip-dst|port', value };
}

/** A decimal port 0–65535 without leading zeros, or null. */
export function port(p: string): string | null {
  if (p.length === 0 || p.length > 5) return null;
  let n = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  if (n > 65535) return null;
  return p.charCodeAt(0) === 48 && p.length > 1 ? String(n) : p;
}
