import type { FastifyInstance } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { RenkeiError } from '../../../core/errors.ts';
import type { SightingType } from '../../../core/model/event.ts';
import type { Viewer } from '../../../core/sharing/access.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { parseRestSearch } from '../../misp/rest-search-params.ts';
import { searchAttributesMisp } from '../../misp/attribute-search.ts';
import { mispSighting } from '../../misp/format.ts';
import { NO_WARNINGLISTS } from '../../misp/warninglist-check.ts';
import { eventRef } from './events-view.ts';

const KNOWN = new Set(['values', 'value', 'type', 'source', 'timestamp', 'date_sighting', 'filters', 'id', 'uuid', 'attribute_id', 'attribute_uuid']);
const MAX_SIGHTINGS = 10_000;

interface SightingRequest {
  values: string[];
  type: SightingType;
  source: string;
  timestamp: number;
  filters: unknown;
}

function parseSightingBody(body: unknown): SightingRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new RenkeiError('validation_failed', 'sightings/add body must be a JSON object');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new RenkeiError('unknown_parameter', `unknown sightings/add parameter(s): ${unknown.join(', ')}`, { parameters: unknown });
  const rawValues = b.values ?? b.value;
  const values = rawValues === undefined ? [] : Array.isArray(rawValues) ? rawValues : [rawValues];
  if (!values.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 4096)) throw new RenkeiError('validation_failed', '"values" must be non-empty strings', { parameter: 'values' });
  const type = b.type === undefined ? 0 : Number(b.type);
  if (!(type === 0 || type === 1 || type === 2) || (typeof b.type !== 'number' && typeof b.type !== 'string' && b.type !== undefined)) {
    throw new RenkeiError('validation_failed', '"type" must be 0 (sighting), 1 (false positive) or 2 (expiration)', { parameter: 'type' });
  }
  if (b.source !== undefined && (typeof b.source !== 'string' || b.source.length > 255)) throw new RenkeiError('validation_failed', '"source" must be a string of at most 255 characters', { parameter: 'source' });
  const tsRaw = b.timestamp ?? b.date_sighting;
  const now = Math.floor(Date.now() / 1000);
  const timestamp = tsRaw === undefined ? now : typeof tsRaw === 'number' || (typeof tsRaw === 'string' && /^\d+$/.test(tsRaw)) ? Number(tsRaw) : NaN;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RenkeiError('validation_failed', '"timestamp" must be epoch seconds', { parameter: 'timestamp' });
  return { values: values as string[], type: type as SightingType, source: (b.source as string | undefined) ?? '', timestamp, filters: b.filters };
}

/**
 * `POST /sightings/add` and `/sightings/add/{attribute id|uuid}`. Unlike MISP, "no matching attribute"
 * is a 404, not a 200 with a message.
 */
export function registerSightingsAdd(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0] & { body: unknown; params: unknown }) => {
    const p = principalOf(req);
    const s = parseSightingBody(req.body ?? {});
    // PyMISP's add_sighting({"uuid": …}) / ({"id": …}) names the attribute in the body, as MISP accepts.
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bodyRef = [body.attribute_uuid, body.uuid, body.attribute_id, body.id].find((x) => typeof x === 'string' || typeof x === 'number');
    const ref = (req.params as { ref?: string }).ref ?? (s.values.length === 0 && bodyRef !== undefined ? String(bodyRef) : undefined);
    let targets: { attributeUuid: string }[];
    if (ref !== undefined) {
      const found = await findAttribute(ctx, eventRef(ref), p.viewer);
      targets = found ? [{ attributeUuid: found }] : [];
    } else {
      if (s.values.length === 0) throw new RenkeiError('validation_failed', 'give "values" or an attribute id in the URL', { parameter: 'values' });
      const filters = s.filters === undefined ? {} : s.filters;
      if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) throw new RenkeiError('validation_failed', '"filters" must be an object of restSearch filters', { parameter: 'filters' });
      const r = parseRestSearch({ ...(filters as object), value: s.values, limit: MAX_SIGHTINGS });
      const rows = (await searchAttributesMisp(ctx.store, r, p.viewer, NO_WARNINGLISTS)).rows;
      targets = rows.map((x) => ({ attributeUuid: x.attribute.uuid }));
    }
    if (targets.length === 0) throw new RenkeiError('not_found', 'Could not add the Sighting. Reason: No valid attributes found that match the criteria.');
    const saved = await ctx.store.addSightings(
      targets.map((t) => ({ uuid: uuidv4(), attributeUuid: t.attributeUuid, type: s.type, source: s.source, org: { name: p.orgName }, dateSighting: s.timestamp })),
    );
    await ctx.audit(req, 'sightings.add', { sightings: saved.length, type: s.type });
    const last = saved[saved.length - 1];
    if (!last) throw new RenkeiError('not_found', 'Could not add the Sighting. Reason: No valid attributes found that match the criteria.');
    return { Sighting: mispSighting(last) };
  };
  app.post('/sightings/add', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
  app.post('/sightings/add/:ref', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
}

/** The uuid of an attribute given by id or uuid, if the viewer may see it. */
async function findAttribute(ctx: NodeContext, ref: number | string, viewer: Viewer): Promise<string | null> {
  const q = typeof ref === 'number' ? { attributeIds: [ref] } : { attributeUuids: [ref] };
  const page = await ctx.store.searchAttributes({ ...q, limit: 1 }, viewer);
  return page.items[0]?.attribute.uuid ?? null;
}
