/** Hex digests recognised by length (MISP types md5, sha1, sha256, sha512). */
import type { IndicatorType } from './types.ts';

const HEX = /^[0-9A-Fa-f]+$/;
const BY_LENGTH: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/** True when the whole string is hex digits. */
export function isHex(s: string): boolean {
  return HEX.test(s);
}

/** Classifies a hex string by length; lower-cases it. Other lengths get a reason. */
export function normalizeHash(s: string): { type: 'md5' | 'sha1' | 'sha256' | 'sha512'; value: string } | { error: string } {
  const type = BY_LENGTH[s.length];
  if (!type || !HEX.test(s)) {
    if (HEX.test(s)) return { error: `${s.length} hex digits: not a known hash length` };
    return { error: 'not a hex digest' };
  }
  return { type: type as 'md5' | 'sha1' | 'sha256' | 'sha512', value: s.toLowerCase() };
}

/**
 * Explains why a long alphanumeric token is not a hash when it almost is
 * (`f0295f…c20bs`, 41 characters, ESET modiloader/samples.sha1).
 */
export function nearHashReason(s: string): string | null {
  if (s.length < 24 || !/^[0-9A-Za-z]+$/.test(s)) return null;
  let nonHex = '';
  for (const ch of s) if (!/[0-9A-Fa-f]/.test(ch)) nonHex += ch;
  if (nonHex.length === 0 || nonHex.length > 2) return null;
  return `${s.length} characters with non-hex '${nonHex}': not a valid hash`;
}
