import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { READ_ROLES, requireRole } from '../../http/guard.ts';

/**
 * `GET /feeds/index` (PyMISP `feeds()`): a node subscribes to no feeds (feeds are imported into it with
 * `renkei import`, which keeps no subscription), so the list is honestly empty, never a 404.
 */
export function registerFeedsIndex(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/feeds/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, async () => []);
}
