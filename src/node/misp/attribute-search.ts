/** restSearch (attributes) over the store, with MISP semantics unless the caller opts into more. */
import { RenkeiError } from '../../core/errors.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { AttributeQuery, IntelStore, StoredAttribute, StoredEvent } from '../../storage/port.ts';
import { isLikePattern } from '../../core/matching/like-pattern.ts';
import { lookupRows } from './lookup-search.ts';
import { resolveOrgFilter, type OrgFilter } from './org-filter.ts';
import type { RestSearchRequest } from './rest-search-params.ts';
import { valueCandidates } from './value-candidates.ts';
import type { WarninglistCheck } from './warninglist-check.ts';

export interface AttributeSearchResult {
  rows: { attribute: StoredAttribute; event: StoredEvent }[];
  /** Matches over all pages (before warninglist filtering). */
  total: number;
  /** Rows dropped by `enforceWarninglist`. */
  skipped: number;
}

/** Builds the store query for a parsed restSearch request (`org` resolved to creator ids by the caller). */
export function toAttributeQuery(r: RestSearchRequest, org: OrgFilter = { not: [] }): AttributeQuery {
  const q: AttributeQuery = {};
  if (r.value.or.length) q.values = valueCandidates(r.value.or);
  if (r.value.not.length) q.notValues = valueCandidates(r.value.not);
  if (r.type.or.length) q.types = r.type.or;
  if (r.type.not.length) q.notTypes = r.type.not;
  if (r.category.or.length) q.categories = r.category.or;
  if (r.category.not.length) q.notCategories = r.category.not;
  if (r.tags.or.length) q.tags = r.tags.or;
  if (r.tags.not.length) q.notTags = r.tags.not;
  if (org.or) q.orgcIds = org.or;
  if (org.not.length) q.notOrgcIds = org.not;
  if (r.toIds !== undefined) q.toIds = r.toIds;
  if (r.published !== undefined) q.published = r.published;
  if (r.eventIds.length) q.eventIds = r.eventIds;
  if (r.uuids.length) q.eventUuids = r.uuids;
  if (r.dateFrom) q.dateFrom = r.dateFrom;
  if (r.dateTo) q.dateTo = r.dateTo;
  if (r.timestampFrom !== undefined) q.timestampFrom = r.timestampFrom;
  if (r.timestampTo !== undefined) q.timestampTo = r.timestampTo;
  if (r.publishFrom !== undefined) q.publishFrom = r.publishFrom;
  if (r.includeDeleted) q.includeDeleted = true;
  if (r.limit !== undefined) {
    q.limit = r.limit;
    q.offset = (r.page - 1) * r.limit;
  }
  return q;
}

/** Runs an attribute restSearch for a viewer. */
export async function searchAttributesMisp(
  store: IntelStore,
  r: RestSearchRequest,
  viewer: Viewer,
  warninglists: WarninglistCheck,
  scope: { inObject?: boolean } = {},
): Promise<AttributeSearchResult> {
  let items: { attribute: StoredAttribute; event: StoredEvent }[];
  let total: number;
  const org = await resolveOrgFilter(store, r.org);
  if (r.value.or.length && !r.includeDeleted && !r.value.or.some(isLikePattern)) {
    // Value lists go through the batch index lookup (fast for 10,000 values); other filters apply to its rows.
    // `%` patterns (MISP LIKE) cannot use the index: they take the store query below.
    let all = await lookupRows(store, r, viewer, org);
    if (scope.inObject) all = all.filter((x) => x.attribute.objectId !== null);
    total = all.length;
    items = r.limit === undefined ? all : all.slice((r.page - 1) * r.limit, r.page * r.limit);
  } else {
    if (r.extraKinds.length) throw new RenkeiError('validation_failed', 'matchKinds needs a "value" filter of exact values (no "deleted", no % patterns)', { parameter: 'matchKinds' });
    const q = toAttributeQuery(r, org);
    if (scope.inObject) q.inObject = true;
    // A value filter that canonicalises to nothing matches nothing (never "no filter").
    if (r.value.or.length && !q.values?.length) return { rows: [], total: 0, skipped: 0 };
    const page = await store.searchAttributes(q, viewer);
    items = page.items;
    total = page.total;
  }
  let rows = items;
  if (r.enforceWarninglist && warninglists.size > 0) {
    // MISP checks only to_ids attributes against warninglists.
    rows = rows.filter((x) => !(x.attribute.toIds && warninglists.listsFor(x.attribute.type, x.attribute.value).length > 0));
  }
  return { rows, total, skipped: items.length - rows.length };
}
