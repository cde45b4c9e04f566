import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import { parseBool } from '../../misp/filter-value.ts';
import { tagName, tagTarget } from '../../misp/tag-target.ts';

type J = Record<string, unknown>;

/**
 * `POST /tags/attachTagToObject` `{uuid, tag, local}` (PyMISP `tag`): adds a tag to an event or attribute.
 * A write: the owning organisation or a node admin only (409 otherwise; invisible targets are 404). A
 * `local` tag stays with the owning organisation: no read by another organisation, export or federation
 * answer carries it.
 */
export function registerTagsAttach(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/tags/attachTagToObject', { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) }, async (req) => {
    const p = principalOf(req);
    const b = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : null) as J | null;
    if (!b) throw new RenkeiError('validation_failed', 'the body must be a JSON object {uuid, tag, local}');
    const name = tagName(b.tag, (id) => ctx.tagIds.nameOf(id));
    const local = parseBool('local', b.local) ?? false;
    const target = await tagTarget(ctx.store, p, b.uuid, Math.floor(Date.now() / 1000));
    const rest = target.tags.filter((t) => t.name !== name);
    const prev = target.tags.find((t) => t.name === name);
    await target.save([...rest, { ...(prev?.colour ? { colour: prev.colour } : {}), name, ...(local ? { local: true } : {}) }]);
    await ctx.audit(req, 'tags.attach', { target: target.kind, uuid: target.uuid, event: target.eventUuid, owner: target.owner, tag: name, local });
    const message = `${local ? 'Local' : 'Global'} tag ${name}(${ctx.tagIds.idOf(name)}) successfully attached to ${target.kind}(${target.uuid}).`;
    return { saved: true, success: true, check_publish: true, name: message, message, url: '/tags/attachTagToObject' };
  });
}
