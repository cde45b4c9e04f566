import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { mispAttributeCore, mispTag } from '../../misp/format.ts';
import { crossOrgCounts } from '../../audit-reads.ts';
import { eventRef } from './events-view.ts';

/**
 * `GET /attributes/view/{id|uuid}` (PyMISP `get_attribute`, HEAD for `attribute_exists`): one attribute the
 * caller may see under the sharing rule, with its own tags (another organisation's local tags are never in
 * it); hidden, deleted or unknown is a 404.
 */
export function registerAttributesView(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/attributes/view/:id', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, async (req) => {
    const p = principalOf(req);
    const ref = eventRef((req.params as { id: string }).id);
    const page = await ctx.store.searchAttributes({ ...(typeof ref === 'number' ? { attributeIds: [ref] } : { attributeUuids: [ref] }), limit: 1 }, p.viewer);
    const hit = page.items[0];
    if (!hit) throw new RenkeiError('not_found', 'Invalid attribute');
    if (hit.event.orgId !== p.orgId) await ctx.audit(req, 'attributes.view', { uuid: hit.attribute.uuid, ...crossOrgCounts([hit.event.orgId], p.orgId) });
    return {
      Attribute: {
        ...mispAttributeCore(hit.attribute, hit.event),
        event_uuid: hit.event.uuid,
        Tag: hit.attribute.tags.map((t) => mispTag(t, ctx.tagIds)),
      },
    };
  });
}
