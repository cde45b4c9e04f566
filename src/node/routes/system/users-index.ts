import type { FastifyInstance } from 'fastify';
import type { Organisation } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { requireRole } from '../../http/guard.ts';
import { keyEmail, MISP_ROLE } from './users-view-me.ts';

/** MISP's named URL parameters (`/value:…/searchorg:…`) after `admin/users/index`. */
function namedParams(rest: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of rest.split('/')) {
    const i = part.indexOf(':');
    if (i > 0) out[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1));
  }
  return out;
}

/**
 * `GET /admin/users/index` (PyMISP `users()`): every API key as a MISP user (a key is this node's user),
 * node admins only as MISP's `perm_admin`. Revoked keys are listed as disabled users; `value:` filters on
 * the e-mail or comment, `searchorg:` on the organisation id.
 */
export function registerUsersIndex(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: { params: unknown }) => {
    const named = namedParams((req.params as { '*'?: string })['*'] ?? '');
    const orgs = new Map<number, Organisation>((await ctx.store.listOrgs()).map((o) => [o.id, o]));
    const value = named.value?.toLowerCase();
    const org = named.searchorg !== undefined ? Number(named.searchorg) : undefined;
    return (await ctx.keys.list())
      .map((k) => ({ k, email: keyEmail(k.id, orgs.get(k.orgId)?.name ?? k.orgName) }))
      .filter(({ k, email }) => (value === undefined || email.includes(value) || k.comment.toLowerCase().includes(value)) && (org === undefined || k.orgId === org))
      .map(({ k, email }) => {
        const role = MISP_ROLE[k.role]!;
        const o = orgs.get(k.orgId);
        return {
          User: {
            id: String(k.id), org_id: String(k.orgId), email, role_id: role.id, disabled: k.revokedAt !== null, autoalert: false, contactalert: false,
            termsaccepted: true, change_pw: false, date_created: String(k.createdAt), last_login: '0', authkey: null, comment: k.comment,
          },
          Role: { id: role.id, name: role.name, perm_admin: role.perm_admin, perm_site_admin: role.perm_admin },
          Organisation: { id: String(k.orgId), name: o?.name ?? k.orgName, uuid: o?.uuid ?? '' },
        };
      });
  };
  app.get('/admin/users/index', { preHandler: requireRole(ctx.authenticate, ['admin']) }, handler);
  app.get('/admin/users/index/*', { preHandler: requireRole(ctx.authenticate, ['admin']) }, handler);
}
