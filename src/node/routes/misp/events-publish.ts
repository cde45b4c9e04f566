import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { eventForWrite } from '../../misp/find-for-write.ts';
import { eventShell } from '../../misp/stored-input.ts';
import { ownerView } from '../../misp/tag-target.ts';
import { eventRef } from './events-view.ts';

/**
 * `POST /events/publish/{id|uuid}` (PyMISP `publish`): sets `published` and `publish_timestamp`;
 * `POST /events/unpublish/{id|uuid}` (PyMISP `unpublish`) clears `published`. Writes: only the owning
 * organisation or a node admin (409 `ownership_conflict` from the store otherwise); an event the caller
 * cannot see is a 404. No e-mail or sync job is queued: `events/alert` (PyMISP `publish(alert=True)`) is a
 * 400 that changes nothing, since a node's users are API keys without e-mail addresses.
 */
export function registerEventsPublish(app: FastifyInstance, ctx: NodeContext): void {
  const setPublished = (published: boolean) => async (req: FastifyRequest) => {
    const p = principalOf(req);
    // Re-read as the owner sees it: a node admin's publish must not drop the owner's local tags.
    const fe = await ownerView(ctx.store, await eventForWrite(ctx.store, p, eventRef((req.params as { id: string }).id)));
    const now = Math.floor(Date.now() / 1000);
    const changes = published ? { published: true, publishTimestamp: now } : { published: false };
    await ctx.store.saveEvents([{ ...eventShell(fe, now), ...changes }], p.orgId, { admin: p.role === 'admin' });
    await ctx.audit(req, published ? 'events.publish' : 'events.unpublish', { uuid: fe.event.uuid, owner: fe.org.name });
    const id = String(fe.event.id);
    const name = published ? 'Event published' : 'Event unpublished.';
    return { saved: true, success: true, name, message: name, url: `/events/${published ? 'publish' : 'unpublish'}/${id}`, id };
  };
  app.post('/events/publish/:id', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, setPublished(true));
  app.post('/events/unpublish/:id', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, setPublished(false));
  app.post('/events/alert/:id', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, async () => {
    throw new RenkeiError(
      'bad_request',
      'events/alert is not offered: a node sends no e-mail alerts (its users are API keys without addresses); publish with events/publish (PyMISP publish(event) without alert=True)',
    );
  });
}
