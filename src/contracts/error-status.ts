import type { ErrorCode } from '../core/errors.ts';

/** The one table that turns stable error codes into HTTP statuses (used by every HTTP edge). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_encoding: 400,
  validation_failed: 400,
  unknown_parameter: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_acceptable: 406,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  ownership_conflict: 409,
  too_many_values: 413,
  rate_limited: 429,
  unprocessable: 422,
  config_invalid: 500,
  source_unreachable: 502,
  source_bad_key: 502,
  source_not_misp: 502,
  source_error: 502,
  timeout: 504,
  unavailable: 503,
  internal: 500,
};
