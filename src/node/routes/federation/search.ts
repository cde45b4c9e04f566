import type { FastifyInstance } from 'fastify';
import { FederationSearchRequest } from '../../../contracts/federation.ts';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { federatedSearch } from '../../federation/federated-search.ts';
import { requireRole } from '../../http/guard.ts';
import { plainSearcher } from '../../blind/plain-searcher.ts';

/** `POST /federation/v1/search` (search or admin keys): the hub asks on behalf of `searcher`. */
export function registerFederationSearch(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/federation/v1/search', { preHandler: requireRole(ctx.authenticate, ['search', 'admin']) }, async (req) => {
    const parsed = FederationSearchRequest.strict().safeParse(req.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      throw new RenkeiError(parsed.error.issues.some((i) => i.code === 'unrecognized_keys') ? 'unknown_parameter' : 'validation_failed', `invalid federation search: ${issues.join('; ')}`, { issues });
    }
    const searcher = await plainSearcher(ctx.blind.store, req, parsed.data, ctx.blind.now);
    const res = await federatedSearch(ctx, { ...parsed.data, searcher });
    const hits = res.results.reduce((n, r) => n + r.hits.length, 0);
    await ctx.audit(req, 'federation.search', { searchId: parsed.data.searchId, searcher: searcher.name, values: parsed.data.values.length, hits });
    return res;
  });
}
