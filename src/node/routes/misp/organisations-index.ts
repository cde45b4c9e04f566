import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { Organisation } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import type { NodePrincipal } from '../../principal.ts';

const SCOPES = new Set(['local', 'external', 'all']);

/**
 * The organisations a caller may know of: a node admin every one; anyone else its own organisation, the
 * members of its sharing groups, and the owners and creators of the events it may see (so the list never
 * names an organisation whose data the sharing rule hides from the caller).
 */
async function knownTo(ctx: NodeContext, p: NodePrincipal): Promise<Set<number> | null> {
  if (p.role === 'admin') return null;
  const ids = new Set<number>([p.orgId]);
  for (const g of await ctx.store.listSharingGroups()) if (g.orgIds.includes(p.orgId)) for (const id of g.orgIds) ids.add(id);
  for (let offset = 0; ; offset += 10_000) {
    const page = await ctx.store.searchEvents({ limit: 10_000, offset }, p.viewer);
    for (const e of page.items) {
      ids.add(e.orgId);
      ids.add(e.orgcId);
    }
    if (page.items.length < 10_000) break;
  }
  return ids;
}

/**
 * `GET /organisations/index[/scope:local|external|all][/searchall:…]` (PyMISP `organisations()`): MISP's
 * `{Organisation}` rows. "Local" organisations are the ones holding data on this node (and the caller's own);
 * "external" the others it knows from shared events and sharing groups.
 */
export function registerOrganisationsIndex(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0] & { params: unknown }) => {
    const p = principalOf(req);
    const named: Record<string, string> = {};
    for (const part of String((req.params as { '*'?: string } | undefined)?.['*'] ?? '').split('/').filter(Boolean)) {
      const m = /^(scope|searchall):(.*)$/.exec(decodeURIComponent(part));
      if (!m) throw new RenkeiError('unknown_parameter', `unknown organisations/index parameter: ${part.slice(0, 80)}`, { parameters: [part.slice(0, 80)] });
      named[m[1]!] = m[2]!;
    }
    const scope = named.scope ?? 'local';
    if (!SCOPES.has(scope)) throw new RenkeiError('validation_failed', 'scope must be local, external or all', { parameter: 'scope' });
    const search = named.searchall?.replaceAll('%', '').toLowerCase();
    const owners = new Set([...(await ctx.store.ownerOrgIds()), p.orgId]);
    const allowed = await knownTo(ctx, p);
    const rows = (await ctx.store.listOrgs()).filter((o: Organisation) =>
      (allowed === null || allowed.has(o.id)) &&
      (scope === 'all' || (scope === 'local') === owners.has(o.id)) &&
      (!search || o.name.toLowerCase().includes(search) || o.uuid === search),
    );
    return rows.map((o) => ({
      Organisation: { id: String(o.id), name: o.name, uuid: o.uuid, local: owners.has(o.id), description: '', type: '', nationality: '', sector: '', contacts: '', restricted_to_domain: [], landingpage: null },
    }));
  };
  app.get('/organisations/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
  app.get('/organisations/index/*', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
}
