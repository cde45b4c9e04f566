/** `POST /api/v1/searches/:id/export`: a file of the caller's organisation's stored search (see export-search.ts). */
import type { FastifyInstance } from 'fastify';
import { SearchExportRequest } from '../../contracts/search-export.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { requireUser } from '../http/guard.ts';
import { readOwnSearch } from '../search/own-search.ts';
import { exportSearch } from './export-search.ts';

export function searchExportRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.post('/api/v1/searches/:id/export', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(SearchExportRequest, req.body ?? {}, 'request body');
    const result = await readOwnSearch(ctx, who.orgId, (req.params as { id: string }).id);
    const file = exportSearch(result, body);
    // Who took which search out of the hub, in which form (never the values).
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'search-export', count: null, detail: `${body.format}${body.type ? `:${body.type}` : ''} ${result.id}` });
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  });
}
