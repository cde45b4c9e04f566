/** events/restSearch: MISP filters → store event query → whole events the viewer may see. */
import type { Viewer } from '../../core/sharing/access.ts';
import type { EventQuery, FullEvent, IntelStore } from '../../storage/port.ts';
import { toAttributeQuery } from './attribute-search.ts';
import { resolveOrgFilter } from './org-filter.ts';
import type { RestSearchRequest } from './rest-search-params.ts';
import { valueCandidates } from './value-candidates.ts';

/** True when the request filters on attribute properties the event query cannot express. */
function needsAttributePass(r: RestSearchRequest): boolean {
  return r.type.or.length + r.type.not.length + r.category.or.length + r.category.not.length + r.value.not.length > 0 || r.toIds !== undefined || r.timestampFrom !== undefined || r.timestampTo !== undefined;
}

/** Runs an events restSearch; `total` counts matching events over all pages. */
export async function searchEventsMisp(store: IntelStore, r: RestSearchRequest, viewer: Viewer): Promise<{ events: FullEvent[]; total: number }> {
  const q: EventQuery = {};
  const org = await resolveOrgFilter(store, r.org);
  if (org.or) q.orgcIds = org.or;
  if (org.not.length) q.notOrgcIds = org.not;
  if (needsAttributePass(r)) {
    // Attribute-level filters select events through a first attribute pass (all pages).
    const aq = toAttributeQuery({ ...r, limit: undefined, page: 1 }, org);
    if (r.value.or.length && !aq.values?.length) return { events: [], total: 0 };
    const rows = await store.searchAttributes(aq, viewer);
    const ids = [...new Set(rows.items.map((x) => x.event.id))];
    if (ids.length === 0) return { events: [], total: 0 };
    q.ids = r.eventIds.length ? ids.filter((i) => r.eventIds.includes(i)) : ids;
  } else {
    if (r.value.or.length) {
      q.values = valueCandidates(r.value.or);
      if (!q.values.length) return { events: [], total: 0 };
    }
    if (r.eventIds.length) q.ids = r.eventIds;
  }
  if (r.uuids.length) q.uuids = r.uuids;
  if (r.tags.or.length) q.tags = r.tags.or;
  if (r.tags.not.length) q.notTags = r.tags.not;
  if (r.published !== undefined) q.published = r.published;
  if (r.dateFrom) q.dateFrom = r.dateFrom;
  if (r.dateTo) q.dateTo = r.dateTo;
  if (r.eventTimestampFrom !== undefined) q.timestampFrom = r.eventTimestampFrom;
  if (r.publishFrom !== undefined) q.publishFrom = r.publishFrom;
  if (r.limit !== undefined) {
    q.limit = r.limit;
    q.offset = (r.page - 1) * r.limit;
  }
  const page = await store.searchEvents(q, viewer);
  const events: FullEvent[] = [];
  for (const e of page.items) {
    const fe = await store.getEvent(e.id, viewer);
    if (fe) events.push(fe);
  }
  return { events, total: page.total };
}
