/**
 * TAXII error resources (§3.6.1): `{title, description, error_id, error_code, http_status, details}`
 * with `http_status` as a string that matches the real status. Every error goes through here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { RenkeiError, type ErrorCode } from '../../core/errors.ts';
import { normaliseError } from '../http/error-handler.ts';
import { TAXII_MEDIA } from './media.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
};

/** Shorthand for throwing a coded error from a TAXII handler. */
export function taxiiFail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new RenkeiError(code, message, details);
}

/** Writes any thrown value as a TAXII error resource with the TAXII media type. */
export function sendTaxiiError(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const n = normaliseError(err);
  if (n.status >= 500) req.log.error({ err }, 'TAXII request failed');
  const body = {
    title: TITLES[n.status] ?? (n.status >= 500 ? 'Internal Server Error' : 'Error'),
    description: n.message,
    error_id: randomUUID(),
    error_code: n.code,
    http_status: String(n.status),
    ...(n.details ? { details: n.details } : {}),
  };
  if (n.status === 401) reply.header('www-authenticate', 'Basic realm="renkei-taxii", Bearer realm="renkei-taxii"');
  return reply.status(n.status).header('content-type', TAXII_MEDIA).send(JSON.stringify(body));
}
