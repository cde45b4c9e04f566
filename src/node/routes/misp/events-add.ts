import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { mispEvent } from '../../misp/format.ts';
import { parseEventAdd } from '../../misp/parse-event-add.ts';

/**
 * True when an event with this uuid exists for any owner (owners see all their events, so asking as
 * each organisation finds it without a sharing-rule bypass).
 */
async function eventExists(ctx: NodeContext, uuid: string): Promise<boolean> {
  for (const o of await ctx.store.listOrgs()) {
    if (await ctx.store.getEvent(uuid, { orgId: o.id, sharingGroupIds: [] })) return true;
  }
  return false;
}

/** `POST /events/add`: saves a new event owned by the key's organisation; answers like events/view. */
export function registerEventsAdd(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/events/add', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, async (req) => {
    const p = principalOf(req);
    const org = await ctx.store.getOrg(p.orgId);
    const input = parseEventAdd(req.body, { name: p.orgName, ...(org ? { uuid: org.uuid } : {}) }, p.role === 'admin');
    if (await eventExists(ctx, input.uuid)) throw new RenkeiError('conflict', 'Event already exists, if you would like to edit it, use the url in the location header.');
    const [saved] = await ctx.store.saveEvents([input], p.orgId);
    await ctx.audit(req, 'events.add', { uuid: input.uuid, attributes: saved?.attributesCreated ?? 0 });
    const fe = await ctx.store.getEvent(input.uuid, p.viewer);
    if (!fe) throw new RenkeiError('internal', 'saved event could not be read back');
    return mispEvent(fe, ctx.tagIds);
  });
}
