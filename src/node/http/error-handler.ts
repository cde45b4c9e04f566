import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS } from '../../contracts/error-status.ts';
import { isRenkeiError, type ErrorCode } from '../../core/errors.ts';

interface Normalised {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_failed',
};

/** Turns any thrown value into a status, a stable code and a message safe to show (a 500 says nothing). */
export function normaliseError(err: unknown): Normalised {
  if (isRenkeiError(err)) {
    return { status: ERROR_STATUS[err.code] ?? 500, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  const fe = err as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { status: ERROR_STATUS[mapped], code: mapped, message: mapped === 'payload_too_large' ? 'request body is larger than this node accepts' : (fe.message ?? mapped) };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 429 ? 'rate_limited' : fe.statusCode === 404 ? 'not_found' : fe.statusCode === 415 ? 'unsupported_media_type' : fe.statusCode === 413 ? 'payload_too_large' : 'bad_request';
    return { status: fe.statusCode, code, message: fe.message ?? code };
  }
  return { status: 500, code: 'internal', message: 'An Internal Error Has Occurred.' };
}

/** MISP clients get MISP's `{name, message, url}` body; the federation API gets `{error:{code,message,details}}`. */
export function isMispPath(url: string): boolean {
  return !/^\/(federation|taxii2|health)(\/|\?|$)/.test(url);
}

/** Writes an error response in the shape the path's clients expect. */
export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const n = normaliseError(err);
  if (n.status >= 500) req.log.error({ err }, 'request failed');
  const path = req.url.split('?')[0] ?? req.url;
  const body = isMispPath(req.url)
    ? { name: n.message, message: n.message, url: path, code: n.code, ...(n.details ? { errors: n.details } : {}) }
    : { error: { code: n.code, message: n.message, ...(n.details ? { details: n.details } : {}) } };
  return reply.status(n.status).type('application/json; charset=utf-8').send(body);
}

/** Installs the single error handler and a JSON 404. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err));
  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, Object.assign(new Error(`no such endpoint: ${req.method} ${req.url.split('?')[0]}`), { statusCode: 404 })),
  );
}
