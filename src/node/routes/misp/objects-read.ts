import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { crossOrgCounts } from '../../audit-reads.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { objectFor } from '../../misp/find-for-write.ts';
import { mispObject } from '../../misp/format.ts';
import { searchObjectsMisp } from '../../misp/object-search.ts';
import { parseRestSearch } from '../../misp/rest-search-params.ts';
import { resultHeaders } from './attributes-rest-search.ts';
import { eventRef } from './events-view.ts';

/**
 * `GET|HEAD /objects/view/{id|uuid}` (PyMISP `get_object`, `object_exists`) and `POST /objects/restSearch`
 * (`search(controller='objects')`: `{"response":[{"Object":{…}}]}`). Only objects the caller may see under
 * the sharing rule, with the attributes of them it may see; hidden, deleted or unknown is a 404.
 */
export function registerObjectsRead(app: FastifyInstance, ctx: NodeContext): void {
  const opts = { preHandler: requireRole(ctx.authenticate, READ_ROLES) };
  app.get('/objects/view/:id', opts, async (req) => {
    const p = principalOf(req);
    const found = await objectFor(ctx.store, p.viewer, eventRef((req.params as { id: string }).id));
    if (!found) throw new RenkeiError('not_found', 'Invalid object.');
    if (found.fe.event.orgId !== p.orgId) await ctx.audit(req, 'objects.view', { uuid: found.object.uuid, ...crossOrgCounts([found.fe.event.orgId], p.orgId) });
    return mispObject(found.fe, found.object, ctx.tagIds);
  });
  app.post('/objects/restSearch', opts, async (req, reply) => {
    const p = principalOf(req);
    const r = parseRestSearch(req.body);
    if (r.returnFormat !== 'json') throw new RenkeiError('validation_failed', 'objects/restSearch answers returnFormat json only here', { parameter: 'returnFormat' });
    const { objects, total } = await searchObjectsMisp(ctx.store, r, p.viewer, ctx.warninglists);
    await ctx.audit(req, 'objects.restSearch', { values: r.value.or.length, results: objects.length, ...crossOrgCounts(objects.map((x) => x.fe.event.orgId), p.orgId) });
    resultHeaders(reply, objects.length, total, 0, r.returnFormat, r.limit);
    return { response: objects.map((x) => mispObject(x.fe, x.object, ctx.tagIds)) };
  });
}
