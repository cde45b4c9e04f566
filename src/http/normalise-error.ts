/**
 * The one error normaliser of every HTTP edge (node, TAXII, hub): any thrown value → stable code → HTTP
 * status (through `contracts/error-status.ts`) → a message safe to show. Each edge only shapes the body
 * (MISP's `{name, message, url}`, TAXII's error resource, `{error: {code, message, details}}`).
 */
import { ERROR_STATUS } from '../contracts/error-status.ts';
import { isRenkeiError, type ErrorCode } from '../core/errors.ts';

export interface NormalisedError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

// Fastify's own error codes (body parsing, schema validation) mapped to ours.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_failed',
};

const STATUS_CODES: Record<number, ErrorCode> = { 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' };

/**
 * Turns any thrown value into status, code and message. A 500 never shows internals: its message is
 * `internalMessage` (MISP clients expect MISP's wording on the node).
 */
export function normaliseError(err: unknown, opts: { internalMessage?: string } = {}): NormalisedError {
  if (isRenkeiError(err)) {
    return { status: ERROR_STATUS[err.code] ?? 500, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  const fe = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const message = typeof fe.message === 'string' ? fe.message : '';
  const mapped = typeof fe.code === 'string' ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { status: ERROR_STATUS[mapped], code: mapped, message: mapped === 'payload_too_large' ? 'request body is larger than this server accepts' : message || mapped };
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 0;
  if (err instanceof SyntaxError || (status === 400 && /JSON/i.test(message))) return { status: 400, code: 'invalid_json', message: message || 'invalid JSON' };
  if (status >= 400 && status < 500) {
    const code = STATUS_CODES[status] ?? 'bad_request';
    return { status, code, message: message || code };
  }
  return { status: 500, code: 'internal', message: opts.internalMessage ?? 'internal error' };
}
