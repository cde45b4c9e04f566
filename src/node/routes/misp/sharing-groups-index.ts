import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { mispGroup } from './sharing-groups.ts';

/**
 * `GET /sharingGroups/index` (MISP's path, PyMISP `sharing_groups()`; `/sharing_groups` is the same list):
 * `{response: [{SharingGroup, Organisation, SharingGroupOrg}]}`, only the groups that name the caller's
 * organisation or that it created (a node admin sees every group).
 */
export function registerSharingGroupsIndex(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    const all = await ctx.store.listSharingGroups();
    const mine = p.role === 'admin' ? all : all.filter((g) => g.orgIds.includes(p.orgId) || g.creatorOrgId === p.orgId);
    return { response: await Promise.all(mine.map((g) => mispGroup(ctx, g))) };
  };
  app.get('/sharingGroups/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
  app.get('/sharing_groups/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
}
