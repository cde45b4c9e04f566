import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseRequest } from '../../../contracts/parse-request.ts';
import { ON_BEHALF_HEADER } from '../../../contracts/federation.ts';
import type { NodeContext } from '../../context.ts';
import { FEDERATION_HITS_ROLES, serveFederationHits } from '../../federation/serve-hits.ts';
import { requireRole } from '../../http/guard.ts';

const HitsQuery = z
  .object({
    since: z.string().regex(/^\d{1,15}$/, 'since must be epoch milliseconds').optional(),
    limit: z.string().regex(/^\d{1,6}$/, 'limit must be a whole number').optional(),
    /** The organisation whose hits are read (name or uuid): the hub's search key reads on a member's behalf. */
    org: z.string().min(1).max(200).optional(),
    /** `newest`: newest rows first (an owner's page); the default, oldest first, suits polling with `since`. */
    order: z.enum(['oldest', 'newest']).optional(),
    /** Leave out the hits of this searching organisation (by the name the hub gave), before the limit. */
    exclude_searcher: z.string().min(1).max(200).optional(),
  })
  .strict();

export { ON_BEHALF_HEADER };

/** `GET /federation/v1/hits?since&limit&org&order&exclude_searcher`: the owner hit log, scoped to the organisation owning the hit data. */
export function registerFederationHits(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/federation/v1/hits', { preHandler: requireRole(ctx.authenticate, FEDERATION_HITS_ROLES) }, async (req) => {
    const query = parseRequest(HitsQuery, req.query ?? {}, 'hits query');
    return serveFederationHits(ctx, req, { since: query.since === undefined ? undefined : Number(query.since), limit: query.limit === undefined ? undefined : Number(query.limit), org: query.org, order: query.order, excludeSearcher: query.exclude_searcher });
  });
}
