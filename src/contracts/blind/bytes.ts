/** base64url byte fields for the blind-search wire schemas, checked for exact length where fixed. */
import { z } from 'zod';
import { fromBase64Url, toBase64Url } from '../../core/blind/codec.ts';

const B64URL = /^[A-Za-z0-9_-]*$/;

/** A base64url string of exactly `n` bytes (any length when omitted). */
export function b64(n?: number) {
  const s = z.string().regex(B64URL, 'not base64url');
  if (n === undefined) return s;
  const len = Math.ceil((n * 4) / 3);
  return s.length(len, `expected ${n} bytes of base64url`);
}

export const encodeBytes = toBase64Url;
export const decodeBytes = fromBase64Url;
