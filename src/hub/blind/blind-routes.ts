/** `/api/v1/blind/searches…`: the searcher's blind calls, relayed to member nodes (bodies are blinded points, tags, ciphertext). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BlindContextCall, BlindEvaluateHubCall, BlindSearchFinish, BlindSearchStart, BlindSetsCall } from '../../contracts/blind/hub-calls.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseWith } from '../http/errors.ts';
import { requireUser } from '../http/guard.ts';
import type { Searcher } from '../search/search-service.ts';
import type { HubBlindSearch } from './blind-search-service.ts';

async function searcher(auth: AuthService, req: FastifyRequest): Promise<Searcher> {
  const p = await requireUser(auth, req);
  return { userId: p.userId, orgId: p.orgId, orgName: p.orgName, orgUuid: p.orgUuid };
}

const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

export function blindRoutes(app: FastifyInstance, auth: AuthService, svc: HubBlindSearch): void {
  app.post('/api/v1/blind/searches', async (req) => svc.start(await searcher(auth, req), parseWith(BlindSearchStart, req.body)));
  app.post('/api/v1/blind/searches/:id/sets', async (req) => {
    const b = parseWith(BlindSetsCall, req.body);
    return svc.sets(await searcher(auth, req), idOf(req), b.member, b.have);
  });
  app.post('/api/v1/blind/searches/:id/evaluate', async (req) => {
    const b = parseWith(BlindEvaluateHubCall, req.body);
    return svc.evaluate(await searcher(auth, req), idOf(req), b.member, b.epoch, b.blinded);
  });
  app.post('/api/v1/blind/searches/:id/context', async (req) => {
    const b = parseWith(BlindContextCall, req.body);
    return svc.context(await searcher(auth, req), idOf(req), b.member, b.epoch, b.sealed);
  });
  app.post('/api/v1/blind/searches/:id/finish', async (req, reply) => {
    await svc.finish(await searcher(auth, req), idOf(req), parseWith(BlindSearchFinish, req.body));
    return reply.code(204).send();
  });
}
