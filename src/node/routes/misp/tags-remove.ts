import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { tagName, tagTarget } from '../../misp/tag-target.ts';

type J = Record<string, unknown>;

/**
 * `POST /tags/removeTagFromObject` `{uuid, tag}` (PyMISP `untag`): removes a tag from an event or attribute.
 * A write: the owning organisation or a node admin only (409 otherwise); a tag the target does not carry is
 * a 404.
 */
export function registerTagsRemove(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/tags/removeTagFromObject', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, async (req) => {
    const p = principalOf(req);
    const b = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : null) as J | null;
    if (!b) throw new RenkeiError('validation_failed', 'the body must be a JSON object {uuid, tag}');
    const name = tagName(b.tag, (id) => ctx.tagIds.nameOf(id));
    const target = await tagTarget(ctx.store, p, b.uuid, Math.floor(Date.now() / 1000));
    if (!target.tags.some((t) => t.name === name)) throw new RenkeiError('not_found', `Invalid Tag: ${target.kind} does not carry ${name}.`);
    await target.save(target.tags.filter((t) => t.name !== name));
    await ctx.audit(req, 'tags.remove', { target: target.kind, uuid: target.uuid, event: target.eventUuid, owner: target.owner, tag: name });
    const message = `Tag ${name}(${ctx.tagIds.idOf(name)}) successfully removed from ${target.kind}(${target.uuid}).`;
    return { saved: true, success: true, name: message, message, url: '/tags/removeTagFromObject' };
  });
}
