/** `GET /api/v1/hits`: "hits on my data" for the caller's own member (`owner-hits-service.ts`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { requireUser } from '../http/guard.ts';
import { createOwnerHitsService } from './owner-hits-service.ts';

const HitsQuery = z.object({
  member: z.string().optional(),
  /** Epoch milliseconds. */
  since: z.coerce.number().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** `1` also lists the organisation's own searches; by default only other organisations' searches show. */
  own: z.enum(['0', '1']).default('0'),
});

/** Registers `GET /api/v1/hits`. */
export function hitsRoutes(app: FastifyInstance, ctx: HubContext): void {
  const service = createOwnerHitsService({ store: ctx.store, registry: ctx.registry, deadlineMs: ctx.config.search.deadlineMs });
  app.get('/api/v1/hits', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const q = parseWith(HitsQuery, req.query, 'query');
    return service.list(who, { member: q.member, since: q.since, limit: q.limit, own: q.own === '1' });
  });
}
