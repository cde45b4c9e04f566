import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { NodeContext } from '../../context.ts';
import { crossOrgCounts } from '../../audit-reads.ts';
import { ANY_ROLE, principalOf, requireRole } from '../../http/guard.ts';
import { searchAttributesMisp, type AttributeSearchResult } from '../../misp/attribute-search.ts';
import { mispRestSearchAttribute } from '../../misp/format.ts';
import { IDS_FORMATS, parseRestSearch, type RestSearchRequest } from '../../misp/rest-search-params.ts';
import { nidsRules } from '../../misp/nids-rules.ts';
import { sightingsForEvents } from '../../misp/sightings-for.ts';
import { attributesToCsv, attributesToText } from '../../misp/text-exports.ts';
import { stixBundleForRows } from '../../misp/stix-export.ts';

/** MISP's result headers plus an honest total (`X-Total-Count`, over all pages). */
export function resultHeaders(reply: FastifyReply, returned: number, total: number, skipped: number, format: string, limit?: number): void {
  reply.header('X-Result-Count', String(limit !== undefined && returned === limit && total > returned ? returned + 1 : returned));
  reply.header('X-Total-Count', String(total));
  reply.header('X-Skipped-Elements-Count', String(skipped));
  reply.header('X-Response-Format', format);
}

/** This node's URL as the client reached it (rule references point at `events/view` there). */
export function requestBaseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

/**
 * What a `search` key (the hub's) may ask: exact lookups of named values. No wildcard pattern (a lone `%`
 * would page the whole store), no deleted data, no browsing without values.
 */
export function assertExactLookup(r: RestSearchRequest): void {
  if (r.value.or.length === 0) throw new RenkeiError('forbidden', 'a search key must name the values it looks up');
  if ([...r.value.or, ...r.value.not].some((v) => v.includes('%'))) throw new RenkeiError('forbidden', 'a search key looks values up exactly: wildcard patterns (%) are not allowed');
  if (r.includeDeleted) throw new RenkeiError('forbidden', 'a search key may not ask for deleted data');
}

/**
 * `POST /attributes/restSearch`. The `search` role (what the hub uses) may call it only with a value
 * filter: it may look values up, not page through the store.
 */
export function registerAttributesRestSearch(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/attributes/restSearch', { preHandler: requireRole(ctx.authenticate, ANY_ROLE) }, async () => {
    throw new RenkeiError('bad_request', 'Either specify the search terms in the url, or POST a json with the filter parameters.');
  });
  app.post('/attributes/restSearch', { preHandler: requireRole(ctx.authenticate, ANY_ROLE) }, async (req, reply) => {
    const p = principalOf(req);
    const r = parseRestSearch(req.body);
    if (r.objectName.or.length + r.objectName.not.length) throw new RenkeiError('validation_failed', 'parameter "object_name" filters objects/restSearch only', { parameter: 'object_name' });
    if (p.role === 'search') assertExactLookup(r);
    if (IDS_FORMATS.has(r.returnFormat)) {
      // MISP's text and IDS rule exports are not "non-restrictive": to_ids=1 and published=1 unless given.
      r.toIds ??= true;
      r.published ??= true;
    }
    const found: AttributeSearchResult = await searchAttributesMisp(ctx.store, r, p.viewer, ctx.warninglists);
    await ctx.audit(req, 'attributes.restSearch', {
      values: r.value.or.length, results: found.rows.length, format: r.returnFormat, ...crossOrgCounts(found.rows.map((x) => x.event.orgId), p.orgId),
    });
    resultHeaders(reply, found.rows.length, found.total, found.skipped, r.returnFormat, r.limit);
    if (r.returnFormat === 'csv') return reply.type('text/csv; charset=utf-8').send(attributesToCsv(found.rows, { includeEventTags: r.includeEventTags }));
    if (r.returnFormat === 'text') return reply.type('text/plain; charset=utf-8').send(attributesToText(found.rows));
    if (r.returnFormat === 'suricata' || r.returnFormat === 'snort') return reply.type('text/plain; charset=utf-8').send(nidsRules(r.returnFormat, found.rows, requestBaseUrl(req)));
    if (r.returnFormat === 'stix2') return reply.type('application/json; charset=utf-8').send(await stixBundleForRows(ctx, found.rows, p.viewer));
    const sightings = r.includeSightings ? await sightingsForEvents(ctx.store, found.rows.map((x) => x.event.id), p.viewer) : undefined;
    const orgs = r.includeContext ? new Map((await ctx.store.listOrgs()).map((o) => [o.id, o])) : undefined;
    const opts = { includeEventTags: r.includeEventTags, includeEventUuid: r.includeEventUuid, ...(sightings ? { sightings } : {}), ...(orgs ? { context: (id: number) => orgs.get(id) } : {}) };
    return { response: { Attribute: found.rows.map((x) => mispRestSearchAttribute(x.attribute, x.event, ctx.tagIds, opts)) } };
  });
}
