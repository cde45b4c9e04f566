/**
 * Discovery (§4.1), API root information (§4.2), status (§4.3), collections (§5.1) and one collection (§5.2).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { taxiiFail } from './errors.ts';
import { hiddenFrom, loadCollection, loadRoot, principalOf, rightsOf, sendTaxii, type TaxiiContext } from './context.ts';
import { STIX_MEDIA, TAXII_MEDIA } from './media.ts';
import type { TaxiiCollection, CollectionRights } from '../../storage/taxii/port.ts';

type Params = Record<string, string>;

/** Registers a GET route with and without the trailing slash (some clients drop it). */
export function both(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', path: string, handler: (req: FastifyRequest<{ Params: Params }>, reply: import('fastify').FastifyReply) => Promise<unknown>): void {
  app.route({ method, url: path, handler });
  if (path.endsWith('/') && path.length > 1) app.route({ method, url: path.slice(0, -1), handler });
}

/** The server's base URL as the client reached it (for discovery's absolute API root URLs). */
function baseUrl(req: FastifyRequest, prefix: string): string {
  const host = req.headers.host ?? `${req.hostname}`;
  return `${req.protocol}://${host}${prefix}`;
}

function collectionResource(c: TaxiiCollection, r: CollectionRights): Record<string, unknown> {
  return {
    id: c.id,
    title: c.title,
    ...(c.description ? { description: c.description } : {}),
    ...(c.alias ? { alias: c.alias } : {}),
    can_read: r.canRead,
    can_write: r.canWrite,
    media_types: c.mediaTypes.length ? c.mediaTypes : [STIX_MEDIA],
  };
}

export function registerMetaRoutes(app: FastifyInstance, ctx: TaxiiContext): void {
  const prefix = app.prefix;
  both(app, 'GET', '/', async (req, reply) => {
    const roots = await ctx.taxii.listApiRoots();
    const base = baseUrl(req, prefix);
    const urls = roots.map((r) => `${base}/${r.name}/`);
    return sendTaxii(reply, 200, {
      title: ctx.title,
      ...(ctx.description ? { description: ctx.description } : {}),
      ...(ctx.contact ? { contact: ctx.contact } : {}),
      ...(urls[0] ? { default: urls[0], api_roots: urls } : {}),
    });
  });

  both(app, 'GET', '/:root/', async (req, reply) => {
    const root = await loadRoot(ctx, req.params.root!);
    return sendTaxii(reply, 200, {
      title: root.title,
      ...(root.description ? { description: root.description } : {}),
      versions: [TAXII_MEDIA],
      max_content_length: Math.min(root.maxContentLength, ctx.maxContentLength),
    });
  });

  both(app, 'GET', '/:root/status/:statusId/', async (req, reply) => {
    const root = await loadRoot(ctx, req.params.root!);
    const s = await ctx.taxii.getStatus(root.name, req.params.statusId!);
    const p = principalOf(req);
    if (!s || (s.ownerOrgId !== null && s.ownerOrgId !== p.orgId)) taxiiFail('not_found', `no status ${req.params.statusId}`);
    return sendTaxii(reply, 200, s.body);
  });

  both(app, 'GET', '/:root/collections/', async (req, reply) => {
    const root = await loadRoot(ctx, req.params.root!);
    const p = principalOf(req);
    const list = await ctx.taxii.listCollections(root.name);
    const out = [];
    for (const c of list) if (!hiddenFrom(c, p)) out.push(collectionResource(c, await rightsOf(ctx, p, c)));
    return sendTaxii(reply, 200, out.length ? { collections: out } : {});
  });

  both(app, 'GET', '/:root/collections/:cid/', async (req, reply) => {
    const { collection, rights } = await loadCollection(ctx, req, req.params.root!, req.params.cid!);
    return sendTaxii(reply, 200, collectionResource(collection, rights));
  });
}
