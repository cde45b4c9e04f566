import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../../core/errors.ts';
import type { EventQuery, EventSort, Organisation } from '../../../storage/port.ts';
import type { NodeContext } from '../../context.ts';
import { principalOf, READ_ROLES, requireRole } from '../../http/guard.ts';
import { parseBool, parseFilter, parsePositiveInt, resolveDate, resolveTimeRange } from '../../misp/filter-value.ts';
import { mispIndexRow } from '../../misp/format.ts';
import { orgIds } from '../../misp/org-filter.ts';
import { resultHeaders } from './attributes-rest-search.ts';
import { crossOrgCounts } from '../../audit-reads.ts';

const KNOWN = new Set([
  'limit', 'page', 'published', 'tag', 'tags', 'datefrom', 'dateuntil', 'timestamp', 'publish_timestamp', 'eventid', 'uuid', 'minimal',
  'sort', 'direction', 'desc', 'eventinfo', 'attribute', 'org', 'analysis', 'threatlevel', 'distribution', 'hasproposal',
]);

/** MISP index filters this node has no data for: a 400 with the reason, never silently ignored. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  all: 'the quick filter "all" is not offered; use eventinfo, attribute or tags',
  email: 'keys are not users here: there is no creator e-mail to filter on',
  sharinggroup: 'filter by sharing group through events/restSearch or the sharing group itself',
};

/**
 * MISP index sort fields → store order (`Event.` prefixes accepted, as the MISP UI sends them). MISP sorts
 * by its Event columns; `org` (and the UI's `Orgc.name`) sorts by the creating organisation's name.
 */
const SORT: Readonly<Record<string, EventSort>> = {
  id: 'id', date: 'date', timestamp: 'timestamp', publish_timestamp: 'publish_timestamp', info: 'info', threat_level_id: 'threat_level',
  threat_level: 'threat_level', analysis: 'analysis', published: 'published', distribution: 'distribution',
  attribute_count: 'attribute_count', org: 'org', 'Orgc.name': 'org', orgc_id: 'orgc_id', org_id: 'org_id', uuid: 'uuid',
};

/**
 * MISP's index pieces: a list, or one string split on `|`; `!` negates a piece (`EventsController::
 * __setIndexFilterConditions`).
 */
function pieces(param: string, v: unknown): { or: string[]; not: string[] } {
  const out = { or: [] as string[], not: [] as string[] };
  if (v === undefined || v === null || v === '') return out;
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split('|') : [v];
  for (const x of list) {
    if (typeof x !== 'string' && typeof x !== 'number') throw new RenkeiError('validation_failed', `parameter "${param}": expected strings or numbers`, { parameter: param });
    const t = String(x).trim();
    if (t === '' || t === '!') continue;
    if (t.startsWith('!')) out.not.push(t.slice(1));
    else out.or.push(t);
  }
  return out;
}

/** MISP wraps every `eventinfo`/`attribute` piece in `%…%` (a `%` or `_` inside stays a wildcard). */
const substring = (v: string) => `%${v}%`;

/** Small enumerations (analysis, threat level, distribution) as ids within their range. */
function levels(param: string, v: unknown, max: number, min = 0): { or?: number[]; not: number[] } {
  const p = pieces(param, v);
  const num = (x: string) => {
    if (!/^\d$/.test(x) || Number(x) < min || Number(x) > max) throw new RenkeiError('validation_failed', `parameter "${param}": expected ${min} to ${max}`, { parameter: param });
    return Number(x);
  };
  return { ...(p.or.length ? { or: p.or.map(num) } : {}), not: p.not.map(num) };
}

/** Index filters (`EventsController::index`) → store query. */
export function parseIndexFilters(body: unknown, orgs: readonly Organisation[] = [], now = Math.floor(Date.now() / 1000)): { q: EventQuery; minimal: boolean; limit?: number } {
  let b = body ?? {};
  if (b && typeof b === 'object' && !Array.isArray(b) && 'request' in b && Object.keys(b).length === 1) b = (b as { request: unknown }).request ?? {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new RenkeiError('validation_failed', 'events/index body must be a JSON object of filters');
  // MISP accepts `searchX` for every index filter `X` (the UI's form names).
  const p = Object.fromEntries(Object.entries(b as Record<string, unknown>).map(([k, v]) => [k.startsWith('search') && k.length > 6 ? k.slice(6).toLowerCase() : k, v]));
  for (const k of Object.keys(p)) {
    if (UNSUPPORTED[k] !== undefined && p[k] !== undefined && p[k] !== null && p[k] !== '') throw new RenkeiError('validation_failed', `parameter "${k}": ${UNSUPPORTED[k]}`, { parameter: k });
  }
  const unknown = Object.keys(p).filter((k) => !KNOWN.has(k) && UNSUPPORTED[k] === undefined);
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
  const info = pieces('eventinfo', p.eventinfo);
  if (info.or.length) q.infoLike = info.or.map(substring);
  if (info.not.length) q.notInfoLike = info.not.map(substring);
  const attr = pieces('attribute', p.attribute);
  if (attr.or.length) q.values = attr.or.map(substring);
  if (attr.not.length) q.notValues = attr.not.map(substring);
  const org = pieces('org', p.org);
  if (org.or.length) q.orgcIds = orgIds(org.or, orgs);
  if (org.not.length) q.notOrgcIds = orgIds(org.not, orgs);
  const analysis = levels('analysis', p.analysis, 2);
  if (analysis.or) q.analysis = analysis.or;
  if (analysis.not.length) q.notAnalysis = analysis.not;
  const threat = levels('threatlevel', p.threatlevel, 4, 1);
  if (threat.or) q.threatLevels = threat.or;
  if (threat.not.length) q.notThreatLevels = threat.not;
  const dist = levels('distribution', p.distribution, 4);
  if (dist.or) q.distributions = dist.or;
  if (dist.not.length) q.notDistributions = dist.not;
  // No proposals exist here (edits are the owner's): "with proposals" is no event, 0 and 2 are every event.
  const proposal = p.hasproposal === true ? 1 : p.hasproposal === false ? 0 : p.hasproposal;
  if (proposal !== undefined && proposal !== null && proposal !== '') {
    if (![0, 1, 2, '0', '1', '2'].includes(proposal as number | string)) throw new RenkeiError('validation_failed', 'parameter "hasproposal": expected 0, 1 or 2', { parameter: 'hasproposal' });
    if (Number(proposal) === 1) q.ids = [];
  }
  if (p.sort !== undefined && p.sort !== null && p.sort !== '') {
    const field = typeof p.sort === 'string' ? p.sort.replace(/^Event\./, '') : '';
    const sort = Object.hasOwn(SORT, field) ? SORT[field] : undefined;
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
    const orgList = await ctx.store.listOrgs();
    const { q, minimal, limit } = parseIndexFilters(req.method === 'GET' ? req.query : req.body, orgList);
    const page = await ctx.store.searchEvents(q, p.viewer);
    const orgs = new Map<number, Organisation>(orgList.map((o) => [o.id, o]));
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
