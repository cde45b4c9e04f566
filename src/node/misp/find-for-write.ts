/**
 * Finding the target of a MISP write. The caller must be able to see it (else 404, nothing disclosed);
 * whether it may change it is the store's decision (`ownership_conflict`, 409). A node admin finds
 * events of every organisation.
 */
import { RenkeiError } from '../../core/errors.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import type { FullEvent, IntelStore, StoredAttribute, StoredEvent, StoredObject } from '../../storage/port.ts';
import type { NodePrincipal } from '../principal.ts';

/** The viewers to look through: the caller's own, then (admins only) each owning organisation's. */
async function viewersFor(store: IntelStore, p: NodePrincipal): Promise<Viewer[]> {
  if (p.role !== 'admin') return [p.viewer];
  const owners = (await store.ownerOrgIds()).filter((id) => id !== p.orgId);
  return [p.viewer, ...owners.map((orgId) => ({ orgId, sharingGroupIds: [] }))];
}

/** The event with every row the caller may see (deleted ones too), or a 404. */
export async function eventForWrite(store: IntelStore, p: NodePrincipal, ref: number | string): Promise<FullEvent> {
  for (const v of await viewersFor(store, p)) {
    const fe = await store.getEvent(ref, v, { includeDeleted: true });
    if (fe) return fe;
  }
  throw new RenkeiError('not_found', 'Invalid event');
}

/** The attribute (by id or uuid) and its event, or a 404. */
export async function attributeForWrite(store: IntelStore, p: NodePrincipal, ref: number | string): Promise<{ attribute: StoredAttribute; event: StoredEvent }> {
  const q = typeof ref === 'number' ? { attributeIds: [ref] } : { attributeUuids: [ref] };
  for (const v of await viewersFor(store, p)) {
    const page = await store.searchAttributes({ ...q, includeDeleted: true, limit: 1 }, v);
    if (page.items[0]) return page.items[0];
  }
  throw new RenkeiError('not_found', 'Invalid attribute');
}

/**
 * The object (by id or uuid) inside the event as `viewer` sees it, or null: the store finds the event
 * holding it under the viewer's sharing rights, and a hidden object is absent from that event.
 */
export async function objectFor(store: IntelStore, viewer: Viewer, ref: number | string, includeDeleted = false): Promise<{ fe: FullEvent; object: StoredObject } | null> {
  const q = typeof ref === 'number' ? { objectIds: [ref] } : { objectUuids: [ref] };
  const page = await store.searchEvents({ ...q, limit: 1 }, viewer);
  const id = page.items[0]?.id;
  if (id === undefined) return null;
  const fe = await store.getEvent(id, viewer, { includeDeleted });
  const object = fe?.objects.find((o) => (typeof ref === 'number' ? o.id === ref : o.uuid === ref));
  return fe && object ? { fe, object } : null;
}

/** The object and its event (deleted rows too) for a write, or a 404; the store decides whether the caller may write. */
export async function objectForWrite(store: IntelStore, p: NodePrincipal, ref: number | string): Promise<{ fe: FullEvent; object: StoredObject }> {
  for (const v of await viewersFor(store, p)) {
    const found = await objectFor(store, v, ref, true);
    if (found) return found;
  }
  throw new RenkeiError('not_found', 'Invalid object.');
}
