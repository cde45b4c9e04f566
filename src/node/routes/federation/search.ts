import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { serveFederationSearch } from '../../federation/serve-search.ts';
import { requireRole } from '../../http/guard.ts';

/** Roles that may run a federated search (the hub's search key; the node admin for tests and tooling). */
export const FEDERATION_SEARCH_ROLES = ['search', 'admin'] as const;

/** `POST /federation/v1/search` (search or admin keys): the hub asks on behalf of `searcher`. */
export function registerFederationSearch(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/federation/v1/search', { preHandler: requireRole(ctx.authenticate, FEDERATION_SEARCH_ROLES) }, (req) => serveFederationSearch(ctx, req, req.body));
}
