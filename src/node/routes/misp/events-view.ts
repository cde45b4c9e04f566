import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { mispEvent } from '../../misp/format.ts';
import { crossOrgCounts } from '../../audit-reads.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses an event reference: a numeric id or a uuid (anything else is a 400, not a 404). */
export function eventRef(raw: string): number | string {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  if (UUID.test(raw)) return raw.toLowerCase();
  throw new RenkeiError('validation_failed', `"${raw.slice(0, 80)}" is neither an event id nor a uuid`);
}

/** `GET /events/view/{id|uuid}` (also `/events/{id}` as PyMISP's get_event uses). A hidden event is a 404. */
export function registerEventsView(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: { params: unknown } & Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    const ref = eventRef((req.params as { id: string }).id);
    const fe = await ctx.store.getEvent(ref, p.viewer);
    if (!fe) throw new RenkeiError('not_found', 'Invalid event');
    // Reads of another organisation's event are audited (what and how many, not the values).
    if (fe.event.orgId !== p.orgId) await ctx.audit(req, 'events.view', { uuid: fe.event.uuid, attributes: fe.attributes.length, ...crossOrgCounts([fe.event.orgId], p.orgId) });
    return mispEvent(fe, ctx.tagIds, { includeSightings: true });
  };
  app.get('/events/view/:id', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
  app.get('/events/:id', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
}
