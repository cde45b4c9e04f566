/**
 * MISP restSearch parameters (`RestSearchComponent::$paramArray`) → a typed request. Unknown parameters
 * are a 400 naming them; MISP parameters this node accepts but has no use for are listed in IGNORED.
 */
import { MATCH_KINDS, type MatchKind } from '../../contracts/match-kinds.ts';
import { RenkeiError } from '../../core/errors.ts';
import { parseBool, parseFilter, parsePositiveInt, resolveDate, resolveTimeRange, type Filter } from './filter-value.ts';

export const RETURN_FORMATS = ['json', 'csv', 'text', 'stix2', 'suricata', 'snort'] as const;

/** Formats MISP does not count as non-restrictive: `to_ids=1` and `published=1` apply unless given. */
export const IDS_FORMATS: ReadonlySet<ReturnFormat> = new Set<ReturnFormat>(['text', 'suricata', 'snort']);
export type ReturnFormat = (typeof RETURN_FORMATS)[number];

/** MISP options with no effect on results here (no correlations table, decay models or proposals to include). */
const IGNORED = new Set([
  'includeCorrelations', 'includeDecayScore', 'includeProposals', 'withAttachments', 'includeGalaxy',
  'includeAllTags', 'includeWarninglistHits', 'includeFullModel', 'excludeDecayed', 'decayingModel', 'score',
  'sgReferenceOnly', 'includeSightingdb', 'excludeLocalTags', 'includeRelatedTags', 'allow_proposal_blocking',
  'includeServerCorrelations', 'headerless', 'attackGalaxy',
]);

const KNOWN = new Set([
  'returnFormat', 'value', 'type', 'category', 'tags', 'to_ids', 'published', 'last', 'from', 'to', 'timestamp',
  'publish_timestamp', 'event_timestamp', 'limit', 'page', 'eventid', 'uuid', 'deleted', 'metadata', 'matchKinds',
  'includeEventTags', 'includeEventUuid', 'includeSightings', 'includeContext', 'enforceWarninglist', 'object_name', 'org',
]);

export interface RestSearchRequest {
  returnFormat: ReturnFormat;
  value: Filter;
  type: Filter;
  category: Filter;
  tags: Filter;
  /** Creating organisations by id, uuid or name (`resolveOrgFilter`). */
  org: Filter;
  /** Object names (objects/restSearch only). */
  objectName: Filter;
  toIds?: boolean;
  published?: boolean;
  dateFrom?: string;
  dateTo?: string;
  timestampFrom?: number;
  timestampTo?: number;
  publishFrom?: number;
  eventTimestampFrom?: number;
  limit?: number;
  page: number;
  eventIds: number[];
  uuids: string[];
  includeDeleted: boolean;
  metadata: boolean;
  includeEventTags: boolean;
  includeEventUuid: boolean;
  includeSightings: boolean;
  /** Attributes carry their event's metadata, tags and creator (`includeContext`). */
  includeContext: boolean;
  enforceWarninglist: boolean;
  /** Renkei extension: match kinds beyond MISP's exact/composite (`cidr`, `subdomain`, `url-host`); off by default. */
  extraKinds: MatchKind[];
}

/** Values one restSearch may name (as the hub's cross-search): more is a 413 `too_many_values`, not a stalled event loop. */
export const MAX_SEARCH_VALUES = 10_000;
/** Bounds of paging: beyond them a request is a 400, never an engine overflow (500). */
export const MAX_LIMIT = 100_000;
export const MAX_PAGE = 1_000_000;
const MAX_OFFSET = 2 ** 31 - 1;

/** Parses a restSearch body (optionally wrapped as `{"request":{…}}`). */
export function parseRestSearch(body: unknown, now = Math.floor(Date.now() / 1000)): RestSearchRequest {
  let b = body;
  if (b && typeof b === 'object' && !Array.isArray(b) && 'request' in b && Object.keys(b).length === 1) b = (b as { request: unknown }).request;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) throw new RenkeiError('validation_failed', 'restSearch body must be a JSON object of filters');
  const p = b as Record<string, unknown>;
  const unknown = Object.keys(p).filter((k) => !KNOWN.has(k) && !IGNORED.has(k));
  if (unknown.length) throw new RenkeiError('unknown_parameter', `unknown restSearch parameter(s): ${unknown.join(', ')}`, { parameters: unknown });

  const fmt = p.returnFormat ?? 'json';
  if (typeof fmt !== 'string' || !(RETURN_FORMATS as readonly string[]).includes(fmt)) {
    throw new RenkeiError('validation_failed', `returnFormat must be one of ${RETURN_FORMATS.join(', ')}`, { parameter: 'returnFormat' });
  }
  const ints = (param: string, f: Filter): number[] =>
    f.or.map((x) => {
      if (!/^\d{1,15}$/.test(x)) throw new RenkeiError('validation_failed', `parameter "${param}": expected ids`, { parameter: param });
      return Number(x);
    });
  const eventid = parseFilter('eventid', p.eventid);
  const uuid = parseFilter('uuid', p.uuid);
  const ts = resolveTimeRange('timestamp', p.timestamp, now);
  const last = resolveTimeRange('last', p.last ?? p.publish_timestamp, now);
  const evTs = resolveTimeRange('event_timestamp', p.event_timestamp, now);
  let extraKinds: MatchKind[] = [];
  if (p.matchKinds !== undefined) {
    const list = Array.isArray(p.matchKinds) ? p.matchKinds : [p.matchKinds];
    for (const k of list) {
      if (typeof k !== 'string' || !MATCH_KINDS.includes(k as MatchKind)) throw new RenkeiError('validation_failed', `matchKinds: expected any of ${MATCH_KINDS.join(', ')}`, { parameter: 'matchKinds' });
    }
    extraKinds = (list as MatchKind[]).filter((k) => k !== 'exact' && k !== 'composite');
  }
  // Counted before parsing, so that a million-value body costs no more than reading it.
  const rawCount = Array.isArray(p.value) ? p.value.length : 0;
  const value = rawCount > MAX_SEARCH_VALUES ? { or: [], not: [] } : parseFilter('value', p.value);
  const named = Math.max(rawCount, value.or.length + value.not.length);
  if (named > MAX_SEARCH_VALUES) {
    throw new RenkeiError('too_many_values', `at most ${MAX_SEARCH_VALUES} values per request (got ${named}); split the search`, { parameter: 'value', max: MAX_SEARCH_VALUES, got: named });
  }
  const limit = parsePositiveInt('limit', p.limit, MAX_LIMIT);
  const page = parsePositiveInt('page', p.page, MAX_PAGE) ?? 1;
  if (limit !== undefined && (page - 1) * limit > MAX_OFFSET) {
    throw new RenkeiError('validation_failed', `parameters "page" and "limit": page ${page} of ${limit} is beyond any result`, { parameter: 'page' });
  }
  return {
    returnFormat: fmt as ReturnFormat,
    value,
    type: parseFilter('type', p.type),
    category: parseFilter('category', p.category),
    tags: parseFilter('tags', p.tags),
    org: parseFilter('org', p.org),
    objectName: parseFilter('object_name', p.object_name),
    toIds: parseBool('to_ids', p.to_ids),
    published: parseBool('published', p.published),
    dateFrom: resolveDate('from', p.from, now),
    dateTo: resolveDate('to', p.to, now),
    timestampFrom: ts.from,
    timestampTo: ts.to,
    publishFrom: last.from,
    eventTimestampFrom: evTs.from,
    limit,
    page,
    eventIds: ints('eventid', eventid),
    uuids: uuid.or,
    includeDeleted: parseBool('deleted', p.deleted) ?? false,
    metadata: parseBool('metadata', p.metadata) ?? false,
    includeEventTags: parseBool('includeEventTags', p.includeEventTags) ?? false,
    includeEventUuid: parseBool('includeEventUuid', p.includeEventUuid) ?? false,
    includeSightings: parseBool('includeSightings', p.includeSightings) ?? false,
    includeContext: parseBool('includeContext', p.includeContext) ?? false,
    enforceWarninglist: parseBool('enforceWarninglist', p.enforceWarninglist) ?? false,
    extraKinds,
  };
}
