/**
 * Reading and deleting objects (§5.3–5.8): manifest, objects, one object, its versions, DELETE.
 * Pages are in date_added order; `X-TAXII-Date-Added-First/Last` come from date_added, never `modified`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StoredVersion, VersionPage } from '../../storage/taxii/port.ts';
import { taxiiFail } from './errors.ts';
import { loadCollection, principalOf, requireRead, sendTaxii, type TaxiiContext } from './context.ts';
import { encodeCursor, lowerBound, parseFilters, type FilterField, type Filters } from './filters.ts';
import { both } from './routes-meta.ts';
import { formatMicros } from './timestamps.ts';

type Req = FastifyRequest<{ Params: Record<string, string> }>;

function pageHeaders(rows: StoredVersion[]): Record<string, string> {
  if (rows.length === 0) return {};
  return { 'X-TAXII-Date-Added-First': formatMicros(rows[0]!.dateAdded), 'X-TAXII-Date-Added-Last': formatMicros(rows.at(-1)!.dateAdded) };
}

/** `more` and `next` of a page; `next` continues after the last row the store read. */
function paging(scope: string, f: Filters, page: VersionPage): string {
  if (!page.more || page.position === null) return '"more":false';
  return `"more":true,"next":${JSON.stringify(encodeCursor(scope, f, page.position))}`;
}

const versionLabel = (v: StoredVersion): string => v.version || formatMicros(v.dateAdded);

export function registerObjectRoutes(app: FastifyInstance, ctx: TaxiiContext): void {
  const read = async (req: Req, kind: string, allowed: FilterField[], defaultVersion: 'last' | 'all', withBody: boolean, oid?: string) => {
    const { collection, rights } = await loadCollection(ctx, req, req.params.root!, req.params.cid!);
    requireRead(rights);
    const scope = `${collection.id}|${kind}|${oid ?? ''}`;
    const f = parseFilters(req.url, { allowed, scope, defaultVersion, maxPageSize: ctx.maxPageSize, paged: true });
    await ctx.sync(collection);
    const viewer = principalOf(req).viewer;
    const page = await ctx.taxii.queryVersions({
      collectionId: collection.id, viewer, after: lowerBound(f), ids: oid ? [oid] : f.ids, types: f.types, version: f.version,
      specVersions: f.specVersions, limit: f.limit, withBody,
    });
    if (oid && page.rows.length === 0 && !page.more && !(await ctx.taxii.objectVisible(collection.id, oid, viewer))) {
      taxiiFail('not_found', `no object ${oid} in this collection`);
    }
    await ctx.audit(req, `taxii.${kind}.get`, { collection: collection.id, ...(oid ? { object: oid } : {}), returned: page.rows.length });
    return { scope, f, page };
  };
  const reply = (res: FastifyReply, page: VersionPage, listKey: string, items: string[], scope: string, f: Filters) => {
    if (items.length === 0 && !page.more) return sendTaxii(res, 200, '{}');
    const list = items.length ? `,"${listKey}":[${items.join(',')}]` : '';
    return sendTaxii(res, 200, `{${paging(scope, f, page)}${list}}`, pageHeaders(page.rows));
  };

  both(app, 'GET', '/:root/collections/:cid/manifest/', async (req, res) => {
    const { scope, f, page } = await read(req, 'manifest', ['id', 'type', 'version', 'spec_version'], 'last', false);
    const items = page.rows.map((v) => JSON.stringify({ id: v.stixId, date_added: formatMicros(v.dateAdded), version: versionLabel(v), media_type: v.mediaType }));
    return reply(res, page, 'objects', items, scope, f);
  });

  both(app, 'GET', '/:root/collections/:cid/objects/', async (req, res) => {
    const { scope, f, page } = await read(req, 'objects', ['id', 'type', 'version', 'spec_version'], 'last', true);
    return reply(res, page, 'objects', page.rows.map((v) => v.body!), scope, f);
  });

  both(app, 'GET', '/:root/collections/:cid/objects/:oid/', async (req, res) => {
    const oid = req.params.oid!;
    const { scope, f, page } = await read(req, 'object', ['version', 'spec_version'], 'last', true, oid);
    return reply(res, page, 'objects', page.rows.map((v) => v.body!), scope, f);
  });

  both(app, 'GET', '/:root/collections/:cid/objects/:oid/versions/', async (req, res) => {
    const oid = req.params.oid!;
    const { scope, f, page } = await read(req, 'versions', ['spec_version'], 'all', false, oid);
    return reply(res, page, 'versions', page.rows.map((v) => JSON.stringify(versionLabel(v))), scope, f);
  });

  both(app, 'DELETE', '/:root/collections/:cid/objects/:oid/', async (req, res) => {
    const oid = req.params.oid!;
    const { collection, rights } = await loadCollection(ctx, req, req.params.root!, req.params.cid!);
    // §5.7: without either right the collection is not disclosed; with only one the answer is 403.
    if (!rights.canRead && !rights.canWrite) taxiiFail('not_found', `no collection ${collection.id}`);
    if (!rights.canRead || !rights.canWrite) taxiiFail('forbidden', 'deleting needs both read and write access');
    const f = parseFilters(req.url, { allowed: ['version', 'spec_version'], scope: '', defaultVersion: 'all', maxPageSize: ctx.maxPageSize, paged: false });
    const p = principalOf(req);
    const viewer = p.viewer;
    if (!(await ctx.taxii.objectVisible(collection.id, oid, viewer))) taxiiFail('not_found', `no object ${oid} in this collection`);
    // Only the organisation that wrote the versions (or a node admin) deletes them: 409 ownership_conflict otherwise.
    const writer = { orgId: p.orgId, admin: p.role === 'admin' };
    const deleted = await ctx.taxii.deleteVersions({ collectionId: collection.id, stixId: oid, viewer, version: f.version, specVersions: f.specVersions, writer });
    await ctx.audit(req, 'taxii.object.delete', { collection: collection.id, object: oid, versions: deleted });
    return sendTaxii(res, 200, '');
  });
}
