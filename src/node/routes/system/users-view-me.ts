import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { ANY_ROLE, principalOf, requireRole } from '../../http/guard.ts';

/** Node roles as MISP roles (id, name and the permissions PyMISP reads). */
export const MISP_ROLE: Record<string, { id: string; name: string; perm_add: boolean; perm_admin: boolean; perm_sighting: boolean; perm_auth: boolean }> = {
  admin: { id: '1', name: 'admin', perm_add: true, perm_admin: true, perm_sighting: true, perm_auth: true },
  publisher: { id: '4', name: 'Publisher', perm_add: true, perm_admin: false, perm_sighting: true, perm_auth: true },
  reader: { id: '6', name: 'Read Only', perm_add: false, perm_admin: false, perm_sighting: true, perm_auth: true },
  search: { id: '7', name: 'Search', perm_add: false, perm_admin: false, perm_sighting: false, perm_auth: true },
};

/** The MISP "e-mail" of a key: keys are this node's users and have no address of their own. */
export function keyEmail(keyId: number, orgName: string): string {
  return `key-${keyId}@${orgName.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}.renkei`;
}

/** `GET /users/view/me`: the key's user, role and organisation in MISP's shape (a key is this node's "user"). */
export function registerUsersViewMe(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/users/view/me', { preHandler: requireRole(ctx.authenticate, ANY_ROLE) }, async (req) => {
    const p = principalOf(req);
    const org = await ctx.store.getOrg(p.orgId);
    const role = MISP_ROLE[p.role]!;
    return {
      User: {
        id: String(p.keyId),
        org_id: String(p.orgId),
        email: keyEmail(p.keyId, org?.name ?? p.orgName),
        autoalert: false,
        authkey: null,
        role_id: role.id,
        disabled: false,
        termsaccepted: true,
        change_pw: false,
        contactalert: false,
      },
      Role: {
        id: role.id,
        name: role.name,
        perm_add: role.perm_add,
        perm_modify: role.perm_add,
        perm_modify_org: role.perm_add,
        perm_publish: role.perm_add,
        perm_admin: role.perm_admin,
        perm_site_admin: role.perm_admin,
        perm_sync: false,
        perm_audit: role.perm_admin,
        perm_auth: role.perm_auth,
        perm_regexp_access: false,
        perm_tagger: role.perm_add,
        perm_tag_editor: role.perm_admin,
        perm_sighting: role.perm_sighting,
        perm_object_template: false,
        perm_galaxy_editor: false,
        perm_warninglist: false,
        perm_analyst_data: false,
      },
      UserSetting: [],
      Organisation: { id: String(p.orgId), name: org?.name ?? p.orgName, uuid: org?.uuid ?? '', local: true },
    };
  });
}
