import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { FEDERATION_FEEDBACK_ROLES, serveFederationFeedback } from '../../federation/serve-feedback.ts';
import { requireRole } from '../../http/guard.ts';

/** `POST /federation/v1/feedback` (search or admin keys): the hub relays feedback on hits of a search. */
export function registerFederationFeedback(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/federation/v1/feedback', { preHandler: requireRole(ctx.authenticate, FEDERATION_FEEDBACK_ROLES) }, (req) => serveFederationFeedback(ctx, req, req.body));
}
