import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';

/** `GET /health`: unauthenticated liveness plus a store round trip. */
export function registerHealth(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/health', async (_req, reply) => {
    try {
      await ctx.store.getOrg(1);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', error: { code: 'source_unreachable', message: 'store is not answering' } });
    }
  });
}
