import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { FullEvent, Organisation, StoredSighting } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { parseBool, parseFilter, resolveTime, resolveTimeRange } from '../../misp/filter-value.ts';
import { mispAttributeCore, mispEventHeader, mispSighting } from '../../misp/format.ts';
import { crossOrgCounts } from '../../audit-reads.ts';
import { eventRef } from './events-view.ts';

type J = Record<string, unknown>;
const KNOWN = new Set(['returnFormat', 'id', 'type', 'from', 'to', 'last', 'org_id', 'source', 'includeAttribute', 'includeEvent', 'context']);

/**
 * `POST /sightings/restSearch[/attribute|event]` (PyMISP `search_sightings`): sightings of the attributes the
 * caller may see (the store's sharing rule decides, as on `events/view`), filtered by `id` (of the context),
 * `type`, `from`/`to` (sighting date), `last`, `org_id`, `source`; `includeAttribute`/`includeEvent` embed
 * them. Without a context every visible event is read (one page of events at a time).
 */
export function registerSightingsRestSearch(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0] & { params: unknown; body: unknown }) => {
    const p = principalOf(req);
    const b = (req.body ?? {}) as J;
    if (typeof b !== 'object' || Array.isArray(b)) throw new RenkeiError('validation_failed', 'sightings/restSearch body must be a JSON object of filters');
    const unknown = Object.keys(b).filter((k) => !KNOWN.has(k));
    if (unknown.length) throw new RenkeiError('unknown_parameter', `unknown sightings/restSearch parameter(s): ${unknown.join(', ')}`, { parameters: unknown });
    if (b.returnFormat !== undefined && b.returnFormat !== 'json') throw new RenkeiError('validation_failed', 'sightings/restSearch answers returnFormat json only', { parameter: 'returnFormat' });
    const context = (req.params as { context?: string }).context ?? (typeof b.context === 'string' ? b.context : undefined);
    if (context !== undefined && context !== 'attribute' && context !== 'event') throw new RenkeiError('validation_failed', 'context must be attribute or event', { parameter: 'context' });
    const now = Math.floor(Date.now() / 1000);
    const types = parseFilter('type', b.type).or.map((t) => {
      if (!/^[012]$/.test(t)) throw new RenkeiError('validation_failed', 'parameter "type": expected 0 (sighting), 1 (false positive) or 2 (expiration)', { parameter: 'type' });
      return Number(t);
    });
    const from = b.from === undefined || b.from === null ? undefined : resolveTime('from', b.from, now);
    const to = b.to === undefined || b.to === null ? undefined : resolveTime('to', b.to, now);
    const last = resolveTimeRange('last', b.last, now).from;
    const orgIds = parseFilter('org_id', b.org_id).or;
    const sources = parseFilter('source', b.source).or;
    const includeAttribute = parseBool('includeAttribute', b.includeAttribute) ?? false;
    const includeEvent = parseBool('includeEvent', b.includeEvent) ?? false;
    const id = b.id === undefined || b.id === null || b.id === '' ? undefined : eventRef(String(b.id));
    if (context !== undefined && id === undefined) throw new RenkeiError('validation_failed', `parameter "id": the ${context} to read sightings of is required`, { parameter: 'id' });

    // The events to read, each as the caller may see it.
    const events: FullEvent[] = [];
    let attributeId: number | undefined;
    if (context === 'attribute') {
      const page = await ctx.store.searchAttributes({ ...(typeof id === 'number' ? { attributeIds: [id] } : { attributeUuids: [id as string] }), limit: 1 }, p.viewer);
      const hit = page.items[0];
      if (!hit) throw new RenkeiError('not_found', 'Invalid attribute');
      attributeId = hit.attribute.id;
      const fe = await ctx.store.getEvent(hit.event.id, p.viewer);
      if (fe) events.push(fe);
    } else if (context === 'event') {
      const fe = await ctx.store.getEvent(id!, p.viewer);
      if (!fe) throw new RenkeiError('not_found', 'Invalid event');
      events.push(fe);
    } else {
      for await (const fe of ctx.store.iterateEvents(p.viewer)) if (fe.sightings.length) events.push(fe);
    }

    const orgs = new Map<number, Organisation>((await ctx.store.listOrgs()).map((o) => [o.id, o]));
    const keep = (s: StoredSighting) =>
      (attributeId === undefined || s.attributeId === attributeId) && (!types.length || types.includes(s.type)) &&
      (from === undefined || s.dateSighting >= from) && (to === undefined || s.dateSighting <= to) && (last === undefined || s.dateSighting >= last) &&
      (!orgIds.length || orgIds.some((o) => String(s.orgId) === o || orgs.get(s.orgId)?.uuid === o.toLowerCase())) && (!sources.length || sources.includes(s.source));
    const out: J[] = [];
    for (const fe of events) {
      const attrs = new Map(fe.attributes.map((a) => [a.id, a]));
      for (const s of fe.sightings.filter(keep)) {
        const attribute = attrs.get(s.attributeId);
        if (!attribute) continue;
        out.push({
          Sighting: {
            ...mispSighting(s, orgs.get(s.orgId)),
            value: attribute.value,
            ...(includeAttribute ? { Attribute: mispAttributeCore(attribute, fe.event) } : {}),
            ...(includeEvent ? { Event: mispEventHeader(fe.event, fe.attributes.length) } : {}),
          },
        });
      }
    }
    await ctx.audit(req, 'sightings.restSearch', { results: out.length, ...crossOrgCounts(events.map((fe) => fe.event.orgId), p.orgId) });
    return { response: out };
  };
  const opts = { preHandler: requireRole(ctx.authenticate, READ_ROLES) };
  app.post('/sightings/restSearch', opts, handler);
  app.post('/sightings/restSearch/:context', opts, handler);
}
