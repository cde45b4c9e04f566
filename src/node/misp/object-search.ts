/**
 * objects/restSearch: the restSearch filters select attributes inside objects (MISP joins objects to their
 * attributes the same way); each object they hit is returned whole, with every attribute of it the viewer
 * may see, as MISP's `MispObject::fetchObjects` does. `limit`/`page` count objects.
 */
import type { Viewer } from '../../core/sharing/access.ts';
import type { FullEvent, IntelStore, StoredObject } from '../../storage/port.ts';
import { searchAttributesMisp } from './attribute-search.ts';
import type { RestSearchRequest } from './rest-search-params.ts';
import type { WarninglistCheck } from './warninglist-check.ts';

/** Attribute rows one objects search reads at most (the store's page bound): bounded work per request. */
const MAX_ATTRIBUTE_ROWS = 10_000;

export interface ObjectHit {
  fe: FullEvent;
  object: StoredObject;
}

/** Runs an objects restSearch for a viewer; `total` counts matching objects over all pages. */
export async function searchObjectsMisp(store: IntelStore, r: RestSearchRequest, viewer: Viewer, warninglists: WarninglistCheck): Promise<{ objects: ObjectHit[]; total: number }> {
  const found = await searchAttributesMisp(store, { ...r, limit: MAX_ATTRIBUTE_ROWS, page: 1 }, viewer, warninglists, { inObject: true });
  const eventOf = new Map<number, number>();
  for (const x of found.rows) if (x.attribute.objectId !== null) eventOf.set(x.attribute.objectId, x.event.id);
  const events = new Map<number, FullEvent | null>();
  const hits: ObjectHit[] = [];
  for (const objectId of [...eventOf.keys()].sort((a, b) => a - b)) {
    const eventId = eventOf.get(objectId)!;
    if (!events.has(eventId)) events.set(eventId, await store.getEvent(eventId, viewer, { includeDeleted: r.includeDeleted }));
    const fe = events.get(eventId);
    const object = fe?.objects.find((o) => o.id === objectId);
    if (!fe || !object || (object.deleted && !r.includeDeleted)) continue;
    if (r.objectName.or.length && !r.objectName.or.some((n) => n.toLowerCase() === object.name.toLowerCase())) continue;
    if (r.objectName.not.some((n) => n.toLowerCase() === object.name.toLowerCase())) continue;
    hits.push({ fe, object });
  }
  const page = r.limit === undefined ? hits : hits.slice((r.page - 1) * r.limit, r.page * r.limit);
  return { objects: page, total: hits.length };
}
