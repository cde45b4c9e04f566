import { RenkeiError } from '../../../core/errors.ts';
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { crossOrgCounts } from '../../audit-reads.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { searchEventsMisp } from '../../misp/event-search.ts';
import { mispEvent } from '../../misp/format.ts';
import { IDS_FORMATS, parseRestSearch } from '../../misp/rest-search-params.ts';
import { stixBundleForEvents } from '../../misp/stix-export.ts';
import { attributesToCsv, attributesToText } from '../../misp/text-exports.ts';
import { requestBaseUrl, resultHeaders } from './attributes-rest-search.ts';
import { nidsRules } from '../../misp/nids-rules.ts';

/** `POST /events/restSearch`: `{"response":[{"Event":…}]}`; `limit` counts events. */
export function registerEventsRestSearch(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/events/restSearch', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, async (req, reply) => {
    const p = principalOf(req);
    const r = parseRestSearch(req.body);
    if (r.objectName.or.length + r.objectName.not.length) throw new RenkeiError('validation_failed', 'parameter "object_name" filters objects/restSearch only', { parameter: 'object_name' });
    if (IDS_FORMATS.has(r.returnFormat)) {
      r.toIds ??= true;
      r.published ??= true;
    }
    const { events, total } = await searchEventsMisp(ctx.store, r, p.viewer);
    await ctx.audit(req, 'events.restSearch', {
      values: r.value.or.length, results: events.length, format: r.returnFormat, ...crossOrgCounts(events.map((fe) => fe.event.orgId), p.orgId),
    });
    resultHeaders(reply, events.length, total, 0, r.returnFormat, r.limit);
    if (r.returnFormat === 'stix2') return reply.type('application/json; charset=utf-8').send(await stixBundleForEvents(events));
    if (r.returnFormat !== 'json') {
      const rows = events.flatMap((fe) => fe.attributes.filter((a) => !a.deleted && (r.toIds === undefined || a.toIds === r.toIds)).map((attribute) => ({ attribute, event: fe.event })));
      if (r.returnFormat === 'csv') return reply.type('text/csv; charset=utf-8').send(attributesToCsv(rows, { includeEventTags: r.includeEventTags }));
      if (r.returnFormat === 'text') return reply.type('text/plain; charset=utf-8').send(attributesToText(rows));
      return reply.type('text/plain; charset=utf-8').send(nidsRules(r.returnFormat, rows, requestBaseUrl(req)));
    }
    return { response: events.map((fe) => mispEvent(fe, ctx.tagIds, { metadata: r.metadata, includeSightings: r.includeSightings })) };
  });
}
