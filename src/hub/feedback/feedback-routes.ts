/**
 * Feedback routes (`src/contracts/feedback.ts`): any user of the searching organisation gives feedback
 * on its own searches' hits (another organisation's search reads as missing); any user of a member
 * organisation reads the feedback on its own data.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GiveFeedbackRequest, MarkAllSeenRequest } from '../../contracts/feedback.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { requireUser } from '../http/guard.ts';
import { readOwnSearch } from '../search/own-search.ts';
import { createFeedbackService } from './feedback-service.ts';

const OwnerQuery = z.object({ value: z.string().min(1).max(4096).optional(), event: z.string().min(1).max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();

/** Registers the feedback routes. */
export function feedbackRoutes(app: FastifyInstance, ctx: HubContext): void {
  const service = createFeedbackService({
    store: ctx.store,
    feedback: ctx.storage.feedback,
    registry: ctx.registry,
    readSearch: (orgId, id) => readOwnSearch(ctx, orgId, id),
    now: ctx.now,
    deadlineMs: ctx.config.search.deadlineMs,
  });
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  app.post('/api/v1/searches/:id/feedback', async (req) => service.give(await requireUser(ctx.auth, req), id(req), parseWith(GiveFeedbackRequest, req.body, 'body')));
  app.post('/api/v1/searches/:id/feedback/all-seen', async (req) => service.markAllSeen(await requireUser(ctx.auth, req), id(req), parseWith(MarkAllSeenRequest, req.body ?? {}, 'body')));
  app.get('/api/v1/searches/:id/feedback', async (req) => service.forSearch(await requireUser(ctx.auth, req), id(req)));
  app.get('/api/v1/feedback', async (req) => {
    const q = parseWith(OwnerQuery, req.query ?? {}, 'query');
    return service.onMyData(await requireUser(ctx.auth, req), { limit: q.limit, ...(q.value ? { value: q.value } : {}), ...(q.event ? { eventUuid: q.event } : {}) });
  });
}
