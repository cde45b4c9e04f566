/** The hub's error edge: the shared normaliser (codes → statuses via ERROR_STATUS), `{error: {…}}` bodies, no internals in 500s. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { parseRequest } from '../../contracts/parse-request.ts';
import { normaliseError } from '../../http/normalise-error.ts';

/** Parses a request part with a zod schema or throws validation_failed / unknown_parameter with the issues. */
export const parseWith = parseRequest;

/** Installs the error handler (API paths only; the SPA handles the rest). */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const n = normaliseError(err);
    if (n.status >= 500) req.log.error({ err }, 'internal error');
    if (reply.sent) return;
    void reply.status(n.status).send({ error: { code: n.code, message: n.message, ...(n.details ? { details: n.details } : {}) } });
  });
}
