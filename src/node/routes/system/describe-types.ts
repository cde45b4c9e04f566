import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { ANY_ROLE, requireRole } from '../../http/guard.ts';
import { describeTypes } from '../../misp/describe-types.ts';

/** `GET /attributes/describeTypes.json` (PyMISP's third bootstrap call). */
export function registerDescribeTypes(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async () => describeTypes();
  app.get('/attributes/describeTypes.json', { preHandler: requireRole(ctx.authenticate, ANY_ROLE) }, handler);
  app.get('/attributes/describeTypes', { preHandler: requireRole(ctx.authenticate, ANY_ROLE) }, handler);
}
