/**
 * History workbench routes (`src/contracts/workbench.ts`): any user of an organisation labels, compares and
 * watches the organisation's own searches; a watch is changed by its owner or an organisation admin.
 */
import type { FastifyInstance } from 'fastify';
import { SearchLabelInput, SeenInput, WatchInput, WatchPatch } from '../../contracts/workbench.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, requireUser } from '../http/guard.ts';
import type { HubContext } from '../context.ts';
import type { WorkbenchService } from './workbench-service.ts';

/** Registers the workbench routes. */
export function workbenchRoutes(app: FastifyInstance, ctx: HubContext, service: WorkbenchService): void {
  const who = (req: Parameters<typeof requireUser>[1]) => requireUser(ctx.auth, req);
  const param = (req: { params: unknown }, name: string) => (req.params as Record<string, string>)[name]!;
  app.put('/api/v1/searches/:id/label', async (req) => service.setLabel(await who(req), param(req, 'id'), parseWith(SearchLabelInput, req.body ?? {}, 'body')));
  app.get('/api/v1/search-labels', async (req) => ({ labels: await service.labels(await who(req)) }));
  app.get('/api/v1/searches/:id/compare/:other', async (req) => service.compare(await who(req), param(req, 'id'), param(req, 'other')));
  app.get('/api/v1/searches/:id/previous', async (req) => ({ previous: await service.previous(await who(req), param(req, 'id')) }));
  app.get('/api/v1/watches', async (req) => ({ watches: await service.listWatches(await who(req)) }));
  app.post('/api/v1/watches', async (req, reply) => reply.code(201).send(await service.createWatch(await who(req), parseWith(WatchInput, req.body ?? {}, 'body'))));
  app.patch('/api/v1/watches/:id', async (req) => service.updateWatch(await who(req), idParam(req), parseWith(WatchPatch, req.body ?? {}, 'body')));
  app.delete('/api/v1/watches/:id', async (req, reply) => {
    await service.deleteWatch(await who(req), idParam(req));
    return reply.code(204).send();
  });
  app.post('/api/v1/watches/:id/run-now', async (req) => service.runNow(await who(req), idParam(req)));
  app.get('/api/v1/watch-notifications', async (req) => service.notifications(await who(req)));
  app.post('/api/v1/watch-notifications/seen', async (req, reply) => {
    await service.markSeen(await who(req), parseWith(SeenInput, req.body ?? {}, 'body').upTo);
    return reply.code(204).send();
  });
}
