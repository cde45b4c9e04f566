import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseRequest } from '../../../contracts/parse-request.ts';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { requireRole } from '../../http/guard.ts';

const HitsQuery = z
  .object({
    since: z.string().regex(/^\d{1,12}$/, 'since must be epoch seconds').optional(),
    limit: z.string().regex(/^\d{1,6}$/, 'limit must be a whole number').optional(),
  })
  .strict();

/** `GET /federation/v1/hits?since&limit`: the owner hit log (admin and reader keys, and the hub's search key). */
export function registerFederationHits(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/federation/v1/hits', { preHandler: requireRole(ctx.authenticate, ['admin', 'reader', 'search']) }, async (req) => {
    const query = parseRequest(HitsQuery, req.query ?? {}, 'hits query');
    const limit = query.limit === undefined ? 1000 : Number(query.limit);
    if (limit < 1 || limit > 10_000) throw new RenkeiError('validation_failed', 'limit must be from 1 to 10000');
    const since = query.since === undefined ? 0 : Number(query.since);
    return { hits: await ctx.meta.listHits({ since, limit }) };
  });
}
