import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { eventForWrite } from '../../misp/find-for-write.ts';
import { mispEvent } from '../../misp/format.ts';
import { parseEventAdd } from '../../misp/parse-event-add.ts';
import { eventShell } from '../../misp/stored-input.ts';
import type { EventInput } from '../../../core/model/event.ts';
import { eventRef } from './events-view.ts';

/** MISP body field → EventInput field an edit may change. */
const EDITABLE: ReadonlyArray<[string, keyof EventInput]> = [
  ['info', 'info'], ['date', 'date'], ['threat_level_id', 'threatLevel'], ['analysis', 'analysis'], ['published', 'published'],
  ['publish_timestamp', 'publishTimestamp'], ['distribution', 'distribution'], ['SharingGroup', 'sharingGroup'], ['Tag', 'tags'],
  ['Attribute', 'attributes'], ['Object', 'objects'],
];

/**
 * `POST|PUT /events/edit/{id|uuid}`: saves the body over the event (rows absent from the body stay, as in
 * MISP). The store refuses (409 `ownership_conflict`) unless the caller's organisation owns the event or the
 * caller is a node admin; the owner and creator never change.
 */
export function registerEventsEdit(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0] & { params: unknown; body: unknown }) => {
    const p = principalOf(req);
    const fe = await eventForWrite(ctx.store, p, eventRef((req.params as { id: string }).id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const inner = (typeof body.Event === 'object' && body.Event !== null ? body.Event : body) as Record<string, unknown>;
    if (inner.uuid !== undefined && String(inner.uuid).toLowerCase() !== fe.event.uuid) {
      throw new RenkeiError('validation_failed', 'Event.uuid does not match the event being edited', { field: 'Event.uuid' });
    }
    const parsed = parseEventAdd({ info: fe.event.info, ...inner, uuid: fe.event.uuid }, { name: fe.orgc.name, uuid: fe.orgc.uuid }, true);
    // Fields the body leaves out keep their stored value (a partial edit must not drop a TLP tag or widen distribution).
    const input: EventInput = { ...eventShell(fe, Math.floor(Date.now() / 1000)) };
    for (const [field, key] of EDITABLE) if (inner[field] !== undefined) Object.assign(input, { [key]: parsed[key] });
    const [saved] = await ctx.store.saveEvents([input], p.orgId, { admin: p.role === 'admin' });
    await ctx.audit(req, 'events.edit', { uuid: fe.event.uuid, owner: fe.org.name, attributesCreated: saved?.attributesCreated ?? 0, attributesUpdated: saved?.attributesUpdated ?? 0 });
    const after = await eventForWrite(ctx.store, p, fe.event.uuid);
    return mispEvent(after, ctx.tagIds);
  };
  const opts = { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) };
  app.post('/events/edit/:id', opts, handler);
  app.put('/events/edit/:id', opts, handler);
}

/** `POST|DELETE /events/delete/{id|uuid}`: the owning organisation or a node admin only (409 otherwise). */
export function registerEventsDelete(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0] & { params: unknown }) => {
    const p = principalOf(req);
    const fe = await eventForWrite(ctx.store, p, eventRef((req.params as { id: string }).id));
    await ctx.store.deleteEvent(fe.event.uuid, { orgId: p.orgId, admin: p.role === 'admin' });
    await ctx.audit(req, 'events.delete', { uuid: fe.event.uuid, owner: fe.org.name });
    return { saved: true, success: true, name: 'Event deleted.', message: 'Event deleted.', url: `/events/delete/${fe.event.id}`, id: String(fe.event.id) };
  };
  const opts = { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) };
  app.post('/events/delete/:id', opts, handler);
  app.delete('/events/delete/:id', opts, handler);
}
