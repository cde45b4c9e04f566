/** The hub's one error edge: RenkeiError codes → HTTP statuses via ERROR_STATUS; no internals in 500s. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ERROR_STATUS } from '../../contracts/error-status.ts';
import { isRenkeiError, RenkeiError, type ErrorCode } from '../../core/errors.ts';

/** Parses a request part with a zod schema or throws validation_failed with the issues. */
export function parseWith<T extends z.ZodType>(schema: T, data: unknown, what = 'request body'): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new RenkeiError('validation_failed', `invalid ${what}: ${r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, {
      issues: r.error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return r.data;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Installs the error and not-found handlers (API paths only; the SPA handles the rest). */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let code: ErrorCode;
    let message = err.message;
    let details: Record<string, unknown> | undefined;
    if (isRenkeiError(err)) {
      code = err.code;
      details = err.details;
    } else if (err.code && FASTIFY_CODES[err.code]) {
      code = FASTIFY_CODES[err.code]!;
    } else if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      code = 'invalid_json';
    } else if (err.statusCode === 429) {
      code = 'rate_limited';
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      code = err.statusCode === 413 ? 'payload_too_large' : err.statusCode === 415 ? 'unsupported_media_type' : 'bad_request';
    } else {
      code = 'internal';
      req.log.error({ err }, 'internal error');
      message = 'internal error';
    }
    const status = ERROR_STATUS[code];
    if (reply.sent) return;
    void reply.status(status).send({ error: { code, message, ...(details ? { details } : {}) } });
  });
}
