import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { eventForWrite } from '../../misp/find-for-write.ts';
import { eventShell } from '../../misp/stored-input.ts';
import { ownerView } from '../../misp/tag-target.ts';
import { eventRef } from './events-view.ts';

/**
 * `POST /events/publish/{id|uuid}` (PyMISP `publish`): sets `published` and `publish_timestamp`. A write:
 * only the owning organisation or a node admin (409 `ownership_conflict` from the store otherwise); an
 * event the caller cannot see is a 404. No e-mail or sync job is queued (`events/alert` is not offered).
 */
export function registerEventsPublish(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/events/publish/:id', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, async (req) => {
    const p = principalOf(req);
    // Re-read as the owner sees it: a node admin's publish must not drop the owner's local tags.
    const fe = await ownerView(ctx.store, await eventForWrite(ctx.store, p, eventRef((req.params as { id: string }).id)));
    const now = Math.floor(Date.now() / 1000);
    await ctx.store.saveEvents([{ ...eventShell(fe, now), published: true, publishTimestamp: now }], p.orgId, { admin: p.role === 'admin' });
    await ctx.audit(req, 'events.publish', { uuid: fe.event.uuid, owner: fe.org.name });
    const id = String(fe.event.id);
    return { saved: true, success: true, name: 'Event published', message: 'Event published', url: `/events/publish/${id}`, id };
  });
}
