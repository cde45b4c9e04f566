import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { EventQuery, EventSort, Organisation } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { parseBool, parseFilter, parsePositiveInt, resolveDate, resolveTimeRange } from '../../misp/filter-value.ts';
import { mispIndexRow } from '../../misp/format.ts';
import { resultHeaders } from './attributes-rest-search.ts';
import { crossOrgCounts } from '../../audit-reads.ts';

const KNOWN = new Set(['limit', 'page', 'published', 'tag', 'tags', 'datefrom', 'dateuntil', 'timestamp', 'publish_timestamp', 'eventid', 'uuid', 'minimal', 'sort', 'direction', 'desc', 'eventinfo']);

/** MISP index sort fields → store order (`Event.` prefixes accepted, as the MISP UI sends them). */
const SORT: Readonly<Record<string, EventSort>> = {
  id: 'id', date: 'date', timestamp: 'timestamp', publish_timestamp: 'publish_timestamp', info: 'info', threat_level_id: 'threat_level',
  threat_level: 'threat_level', analysis: 'analysis', published: 'published', distribution: 'distribution',
};

/** MISP matches `eventinfo` as a substring (`%…%`) unless the value brings its own `%`. */
const infoPattern = (v: string) => (v.includes('%') ? v : `%${v}%`);

/** Index filters (`EventsController::index`) → store query. */
export function parseIndexFilters(body: unknown, now = Math.floor(Date.now() / 1000)): { q: EventQuery; minimal: boolean; limit?: number } {
  const b = body ?? {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new RenkeiError('validation_failed', 'events/index body must be a JSON object of filters');
  const p = b as Record<string, unknown>;
  const unknown = Object.keys(p).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new RenkeiError('unknown_parameter', `unknown events/index parameter(s): ${unknown.join(', ')}`, { parameters: unknown });
  const q: EventQuery = {};
  const limit = parsePositiveInt('limit', p.limit, 100_000);
  const page = parsePositiveInt('page', p.page) ?? 1;
  if (limit !== undefined) {
    q.limit = limit;
    q.offset = (page - 1) * limit;
  }
  const published = parseBool('published', p.published);
  if (published !== undefined) q.published = published;
  const tags = parseFilter('tags', p.tags ?? p.tag);
  if (tags.or.length) q.tags = tags.or;
  if (tags.not.length) q.notTags = tags.not;
  const from = resolveDate('datefrom', p.datefrom, now);
  const until = resolveDate('dateuntil', p.dateuntil, now);
  if (from) q.dateFrom = from;
  if (until) q.dateTo = until;
  const ts = resolveTimeRange('timestamp', p.timestamp, now);
  if (ts.from !== undefined) q.timestampFrom = ts.from;
  const pts = resolveTimeRange('publish_timestamp', p.publish_timestamp, now);
  if (pts.from !== undefined) q.publishFrom = pts.from;
  const ids = parseFilter('eventid', p.eventid).or;
  if (ids.length) {
    if (!ids.every((x) => /^\d{1,15}$/.test(x))) throw new RenkeiError('validation_failed', 'parameter "eventid": expected ids', { parameter: 'eventid' });
    q.ids = ids.map(Number);
  }
  const info = parseFilter('eventinfo', p.eventinfo);
  if (info.or.length) q.infoLike = info.or.map(infoPattern);
  if (info.not.length) q.notInfoLike = info.not.map(infoPattern);
  if (p.sort !== undefined && p.sort !== null && p.sort !== '') {
    const field = typeof p.sort === 'string' ? p.sort.replace(/^Event\./, '') : '';
    const sort = SORT[field];
    if (!sort) throw new RenkeiError('validation_failed', `parameter "sort": events/index sorts by ${Object.keys(SORT).join(', ')} here (not ${String(p.sort).slice(0, 40)})`, { parameter: 'sort' });
    q.sort = sort;
  }
  const direction = p.direction === undefined || p.direction === null || p.direction === '' ? undefined : String(p.direction).toLowerCase();
  if (direction !== undefined && direction !== 'asc' && direction !== 'desc') throw new RenkeiError('validation_failed', 'parameter "direction": expected asc or desc', { parameter: 'direction' });
  const desc = parseBool('desc', p.desc);
  if (direction === 'desc' || (direction === undefined && desc)) q.desc = true;
  const uuids = parseFilter('uuid', p.uuid).or;
  if (uuids.length) q.uuids = uuids;
  return { q, minimal: parseBool('minimal', p.minimal) ?? false, ...(limit !== undefined ? { limit } : {}) };
}

/** `POST /events/index` (and GET): the event list MISP sync and PyMISP `search_index` read. */
export function registerEventsIndex(app: FastifyInstance, ctx: NodeContext): void {
  const handler = async (req: Parameters<typeof principalOf>[0] & { body?: unknown; query?: unknown }, reply: import('fastify').FastifyReply) => {
    const p = principalOf(req);
    const { q, minimal, limit } = parseIndexFilters(req.method === 'GET' ? req.query : req.body);
    const page = await ctx.store.searchEvents(q, p.viewer);
    const orgs = new Map<number, Organisation>((await ctx.store.listOrgs()).map((o) => [o.id, o]));
    await ctx.audit(req, 'events.index', { results: page.items.length, ...crossOrgCounts(page.items.map((e) => e.orgId), p.orgId) });
    resultHeaders(reply, page.items.length, page.total, 0, 'json', limit);
    if (minimal) {
      return page.items.map((e) => ({ id: String(e.id), timestamp: String(e.timestamp), sighting_timestamp: '0', published: e.published, uuid: e.uuid, orgc_uuid: orgs.get(e.orgcId)?.uuid ?? '' }));
    }
    const counts = await ctx.store.countAttributesByEvent({ eventIds: page.items.map((e) => e.id) }, p.viewer);
    return page.items.map((e) => mispIndexRow(e, (id) => orgs.get(id), counts.get(e.id) ?? 0, ctx.tagIds));
  };
  app.post('/events/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
  app.get('/events/index', { preHandler: requireRole(ctx.authenticate, READ_ROLES) }, handler);
}
