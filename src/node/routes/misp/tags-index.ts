import type { FastifyInstance } from 'fastify';
import type { Tag } from '../../../core/model/event.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { DEFAULT_TAG_COLOUR } from '../../misp/tag-ids.ts';

/**
 * `GET /tags/index` (PyMISP `tags()`): `{Tag: [...]}`, the tags on the events and attributes the caller may
 * see (the store never hands out another organisation's local tags), with MISP's `count` (events carrying
 * the tag) and `attribute_count`. The node has no tag table of its own: a tag is known once data carries it.
 */
export function registerTagsIndex(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/tags/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, async (req) => {
    const p = principalOf(req);
    const seen = new Map<string, { tag: Tag; events: number; attributes: number; localOnly: boolean }>();
    const entry = (t: Tag) => {
      let e = seen.get(t.name);
      if (!e) seen.set(t.name, (e = { tag: t, events: 0, attributes: 0, localOnly: true }));
      if (!t.local) e.localOnly = false;
      return e;
    };
    for await (const fe of ctx.store.iterateEvents(p.viewer)) {
      for (const t of fe.event.tags) entry(t).events++;
      for (const a of fe.attributes) for (const t of a.tags) entry(t).attributes++;
    }
    const rows = [...seen.values()].sort((a, b) => a.tag.name.localeCompare(b.tag.name)).map((e) => ({
      id: ctx.tagIds.idOf(e.tag.name), name: e.tag.name, colour: e.tag.colour ?? DEFAULT_TAG_COLOUR, exportable: true, org_id: '0', user_id: '0',
      hide_tag: false, numerical_value: null, is_galaxy: e.tag.name.startsWith('misp-galaxy:'), is_custom_galaxy: false, local_only: e.localOnly,
      count: e.events, attribute_count: e.attributes, favourite: false,
    }));
    return { Tag: rows };
  });
}
