import type { FastifyInstance } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { RenkeiError } from '../../../core/errors.ts';
import type { OrgRef } from '../../../core/model/event.ts';
import type { Organisation, SharingGroup } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole, WRITE_ROLES } from '../../http/guard.ts';
import type { NodePrincipal } from '../../principal.ts';

type J = Record<string, unknown>;
type Req = Parameters<typeof principalOf>[0] & { params: unknown; body: unknown };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

function ref(raw: string, what: string): number | string {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  if (UUID.test(raw)) return raw.toLowerCase();
  throw new RenkeiError('validation_failed', `"${raw.slice(0, 80)}" is neither a ${what} id nor a uuid`);
}

const str = (v: unknown, field: string, max = 1000): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max) throw new RenkeiError('validation_failed', `${field} must be a string of at most ${max} characters`, { field });
  return v;
};

export async function mispGroup(ctx: NodeContext, g: SharingGroup): Promise<J> {
  const orgs = new Map((await ctx.store.listOrgs()).map((o) => [o.id, o]));
  const org = (id: number | null) => (id === null ? null : orgs.get(id));
  const creator = org(g.creatorOrgId);
  return {
    SharingGroup: {
      id: String(g.id), uuid: g.uuid, name: g.name, description: g.description, releasability: g.releasability, active: true, local: true,
      org_id: String(g.creatorOrgId ?? 0),
    },
    Organisation: creator ? { id: String(creator.id), uuid: creator.uuid, name: creator.name } : {},
    SharingGroupOrg: g.orgIds.map((id) => org(id)).filter((o): o is Organisation => o !== undefined).map((o) => ({
      org_id: String(o.id), sharing_group_id: String(g.id), extend: o.id === g.creatorOrgId, Organisation: { id: String(o.id), uuid: o.uuid, name: o.name },
    })),
  };
}

/** Member organisations named in an add body (they must already be known to this node). */
async function members(ctx: NodeContext, list: unknown): Promise<OrgRef[]> {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new RenkeiError('validation_failed', 'SharingGroupOrg must be a list', { field: 'SharingGroupOrg' });
  const out: OrgRef[] = [];
  for (const [i, m] of list.entries()) {
    const o = isObj(m) && isObj(m.Organisation) ? m.Organisation : m;
    const key = isObj(o) ? (o.uuid ?? o.name ?? o.id) : o;
    const found = typeof key === 'string' || typeof key === 'number' ? await ctx.store.getOrg(typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key) : null;
    if (!found) throw new RenkeiError('validation_failed', `SharingGroupOrg[${i}] names no organisation known to this node`, { field: `SharingGroupOrg[${i}]` });
    out.push({ name: found.name, uuid: found.uuid });
  }
  return out;
}

const actorOf = (p: NodePrincipal) => ({ orgId: p.orgId, admin: p.role === 'admin' });

/**
 * Sharing groups through their own endpoints, as MISP has them: the creating organisation (or a node admin)
 * alone changes a group's fields and members; event bodies may only reference groups (see the store).
 */
export function registerSharingGroups(app: FastifyInstance, ctx: NodeContext): void {
  const write = { preHandler: requireRole(ctx.authenticate, WRITE_ROLES) };
  const read = { preHandler: requireRole(ctx.authenticate, READ_ROLES) };

  app.get('/sharing_groups', read, async (req) => {
    const p = principalOf(req);
    const all = await ctx.store.listSharingGroups();
    const mine = p.role === 'admin' ? all : all.filter((g) => g.orgIds.includes(p.orgId) || g.creatorOrgId === p.orgId);
    return { response: await Promise.all(mine.map((g) => mispGroup(ctx, g))) };
  });

  app.post('/sharing_groups/add', write, async (req: Req) => {
    const p = principalOf(req);
    const raw = isObj(req.body) ? req.body : {};
    const b = isObj(raw.SharingGroup) ? raw.SharingGroup : raw;
    const name = str(b.name, 'SharingGroup.name', 255);
    if (!name) throw new RenkeiError('validation_failed', 'SharingGroup.name is required', { field: 'SharingGroup.name' });
    const uuid = str(b.uuid, 'SharingGroup.uuid', 36) ?? uuidv4();
    if (!UUID.test(uuid)) throw new RenkeiError('validation_failed', 'SharingGroup.uuid is not a valid uuid', { field: 'SharingGroup.uuid' });
    const description = str(b.description, 'SharingGroup.description');
    const releasability = str(b.releasability, 'SharingGroup.releasability');
    const g = await ctx.store.createSharingGroup(
      { uuid: uuid.toLowerCase(), name, ...(description !== undefined ? { description } : {}), ...(releasability !== undefined ? { releasability } : {}), orgs: await members(ctx, raw.SharingGroupOrg ?? b.SharingGroupOrg) },
      actorOf(p),
    );
    ctx.forgetPrincipals(); // members' cached viewers must name the new group
    await ctx.audit(req, 'sharing_groups.add', { uuid: g.uuid, members: g.orgIds.length });
    return mispGroup(ctx, g);
  });

  app.post('/sharing_groups/edit/:id', write, async (req: Req) => {
    const p = principalOf(req);
    const raw = isObj(req.body) ? req.body : {};
    const b = isObj(raw.SharingGroup) ? raw.SharingGroup : raw;
    const patch = { name: str(b.name, 'SharingGroup.name', 255), description: str(b.description, 'SharingGroup.description'), releasability: str(b.releasability, 'SharingGroup.releasability') };
    const g = await ctx.store.updateSharingGroup(ref((req.params as { id: string }).id, 'sharing group'), Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), actorOf(p));
    await ctx.audit(req, 'sharing_groups.edit', { uuid: g.uuid });
    return mispGroup(ctx, g);
  });

  for (const [verb, member] of [['addOrg', true], ['removeOrg', false]] as const) {
    app.post(`/sharing_groups/${verb}/:sg/:org`, write, async (req: Req) => {
      const p = principalOf(req);
      const params = req.params as { sg: string; org: string };
      const org = await ctx.store.getOrg(ref(params.org, 'organisation'));
      if (!org) throw new RenkeiError('not_found', 'Invalid organisation');
      const g = await ctx.store.setSharingGroupMember(ref(params.sg, 'sharing group'), org.id, member, actorOf(p));
      ctx.forgetPrincipals(); // a removed organisation stops seeing the group's data on its next request
      await ctx.audit(req, `sharing_groups.${verb}`, { uuid: g.uuid, org: org.name });
      return { saved: true, success: true, name: member ? 'Organisation added to the sharing group.' : 'Organisation removed from the sharing group.', message: '', url: req.url };
    });
  }
}
