/**
 * Stable error codes. Domain and service code throws `RenkeiError` with one of these;
 * HTTP edges map codes to statuses in one place (`src/contracts/error-status.ts`).
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_encoding'
  | 'validation_failed'
  | 'unknown_parameter'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_acceptable'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'ownership_conflict'
  | 'too_many_values'
  | 'rate_limited'
  /** Failed sign-ins locked this login; `details.retryAt` (epoch ms) says until when. */
  | 'sign_in_locked'
  | 'unprocessable'
  | 'config_invalid'
  | 'source_unreachable'
  | 'source_bad_key'
  | 'source_not_misp'
  | 'source_error'
  | 'timeout'
  | 'unavailable'
  /** A document renderer (Chromium for PDF) is missing or failed to start. */
  | 'renderer_unavailable'
  | 'internal';

/** An error with a stable code and an optional structured detail for the client. */
export class RenkeiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RenkeiError';
    this.code = code;
    this.details = details;
  }
}

/** Type guard that also works across module copies (no instanceof on foreign errors). */
export function isRenkeiError(e: unknown): e is RenkeiError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'RenkeiError' && 'code' in e;
}
