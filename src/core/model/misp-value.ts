/**
 * Canonicalises a MISP attribute value when its type is one the normaliser understands (read as that
 * very type, so the kind must agree); other types (link, filename, text, regkey…) are kept exactly.
 */
import { normalize, SUPPORTED_TYPES } from '../indicators/normalize.ts';

/** MISP types the normaliser reads under another name. */
const ALIAS: Record<string, string> = { email: 'email-src' };
const SUPPORTED = new Set<string>(SUPPORTED_TYPES);

/** True when the normaliser canonicalises values of this MISP type. */
export function isUnderstoodType(type: string): boolean {
  return SUPPORTED.has(ALIAS[type] ?? type);
}

/** The value to store for a MISP attribute (with the normaliser's note), or why it is invalid for its type. */
export function canonicalMispValue(
  type: string,
  value: string,
): { ok: true; value: string; note?: string } | { ok: false; error: string } {
  const t = ALIAS[type] ?? type;
  if (!SUPPORTED.has(t)) return { ok: true, value };
  const n = normalize(value, { type: t });
  if (!n.ok) return { ok: false, error: `invalid ${type} value: ${n.error}` };
  return n.note ? { ok: true, value: n.value, note: n.note } : { ok: true, value: n.value };
}
