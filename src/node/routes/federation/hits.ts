import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseRequest } from '../../../contracts/parse-request.ts';
import { ON_BEHALF_HEADER } from '../../../contracts/federation.ts';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, requireRole } from '../../http/guard.ts';

const HitsQuery = z
  .object({
    since: z.string().regex(/^\d{1,12}$/, 'since must be epoch seconds').optional(),
    limit: z.string().regex(/^\d{1,6}$/, 'limit must be a whole number').optional(),
    /** The organisation whose hits are read (name or uuid): the hub's search key reads on a member's behalf. */
    org: z.string().min(1).max(200).optional(),
  })
  .strict();

export { ON_BEHALF_HEADER };

/**
 * Whose hits the caller reads. Readers read their own organisation's only; a node admin all, or one org
 * by `org`; the hub's search key one member at a time (`org` or the header), defaulting to the node's
 * only data-owning organisation so that a one-member node keeps working with older hubs.
 */
async function ownerFor(ctx: NodeContext, req: FastifyRequest, named: string | undefined): Promise<number | undefined> {
  const p = principalOf(req);
  const header = req.headers[ON_BEHALF_HEADER];
  const asked = named ?? (typeof header === 'string' && header !== '' ? header : undefined);
  const resolve = async (ref: string) => {
    const org = await ctx.store.getOrg(ref);
    if (!org) throw new RenkeiError('not_found', `no organisation "${ref.slice(0, 80)}" on this node`);
    return org.id;
  };
  if (p.role === 'reader') {
    if (asked !== undefined && (await resolve(asked)) !== p.orgId) throw new RenkeiError('forbidden', 'a reader key reads its own organisation’s hits only');
    return p.orgId;
  }
  if (named !== undefined) return resolve(named);
  if (asked !== undefined) {
    const org = await ctx.store.getOrg(asked);
    if (org) return org.id;
    // The hub names its member by the hub's org uuid, which a node that never saw it does not know: then
    // the node's own default applies (its only data-owning organisation), as for an older hub.
    if (p.role === 'admin') throw new RenkeiError('not_found', `no organisation "${asked.slice(0, 80)}" on this node`);
  }
  if (p.role === 'admin') return undefined;
  const owners = await ctx.store.ownerOrgIds();
  if (owners.length === 1) return owners[0]!;
  if (owners.length === 0) return p.orgId;
  throw new RenkeiError('validation_failed', `this node holds several organisations' data: name the member whose hits to read (?org= or ${ON_BEHALF_HEADER})`, { parameter: 'org' });
}

/** `GET /federation/v1/hits?since&limit&org`: the owner hit log, scoped to the organisation owning the hit data. */
export function registerFederationHits(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/federation/v1/hits', { preHandler: requireRole(ctx.authenticate, ['admin', 'reader', 'search']) }, async (req) => {
    const query = parseRequest(HitsQuery, req.query ?? {}, 'hits query');
    const limit = query.limit === undefined ? 1000 : Number(query.limit);
    if (limit < 1 || limit > 10_000) throw new RenkeiError('validation_failed', 'limit must be from 1 to 10000');
    const since = query.since === undefined ? 0 : Number(query.since);
    const ownerOrgId = await ownerFor(ctx, req, query.org);
    const hits = await ctx.meta.listHits({ since, limit, ...(ownerOrgId !== undefined ? { ownerOrgId } : {}) });
    await ctx.audit(req, 'federation.hits', { owner: ownerOrgId === undefined ? 'all' : ((await ctx.store.getOrg(ownerOrgId))?.name ?? ownerOrgId), since, returned: hits.length });
    return { hits };
  });
}
