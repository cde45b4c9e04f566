import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normaliseError as normalise, type NormalisedError } from '../../http/normalise-error.ts';

/** The shared normaliser with MISP's wording for a 500 (MISP clients match on it). */
export function normaliseError(err: unknown): NormalisedError {
  return normalise(err, { internalMessage: 'An Internal Error Has Occurred.' });
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
