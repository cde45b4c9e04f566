import type { FastifyInstance } from 'fastify';
import { FederationSearchRequest } from '../../../contracts/federation.ts';
import { parseRequest } from '../../../contracts/parse-request.ts';
import type { NodeContext } from '../../context.ts';
import { federatedSearch } from '../../federation/federated-search.ts';
import { requireRole } from '../../http/guard.ts';
import { plainSearcher } from '../../blind/plain-searcher.ts';

/** `POST /federation/v1/search` (search or admin keys): the hub asks on behalf of `searcher`. */
export function registerFederationSearch(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/federation/v1/search', { preHandler: requireRole(ctx.authenticate, ['search', 'admin']) }, async (req) => {
    const body = parseRequest(FederationSearchRequest.strict(), req.body, 'federation search');
    const searcher = await plainSearcher(ctx.blind.store, req, body, ctx.blind.now);
    const res = await federatedSearch(ctx, { ...body, searcher });
    const hits = res.results.reduce((n, r) => n + r.hits.length, 0);
    await ctx.audit(req, 'federation.search', { searchId: body.searchId, searcher: searcher.name, values: body.values.length, hits });
    return res;
  });
}
