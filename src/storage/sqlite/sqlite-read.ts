/** Reads of the SQLite intel store: full events, paginated event/attribute searches. */
import type { Database } from 'better-sqlite3';
import type { Viewer } from '../../core/sharing/access.ts';
import { tlpOf } from '../../core/sharing/tlp.ts';
import type { AttributeQuery, EventQuery, FullEvent, Page, SharingGroup, StoredAttribute, StoredEvent } from '../port.ts';
import { paging, attributeWhere, eventOrder, eventWhere } from '../common/query-sql.ts';
import { toAttribute, toEvent, toObject, toOrg, toReference, toSighting, type Row } from '../common/rows.ts';
import { Sql } from '../common/sql.ts';
import { canViewEvent, canViewItem, withoutForeignLocalTags } from '../common/visibility.ts';
import { cachedStatement, rowsByIds } from './sqlite-hydrate.ts';

export function sharingGroupById(db: Database, id: number): SharingGroup | null {
  const r = cachedStatement(db, 'SELECT * FROM sharing_groups WHERE id = ?').get(id) as Row | undefined;
  if (!r) return null;
  const orgIds = (cachedStatement(db, 'SELECT org_id FROM sharing_group_orgs WHERE sharing_group_id = ? ORDER BY org_id').all(id) as Row[]).map((o) =>
    Number(o.org_id),
  );
  return { id: Number(r.id), uuid: String(r.uuid), name: String(r.name), description: String(r.description), releasability: String(r.releasability), orgIds, creatorOrgId: r.org_id === null || r.org_id === undefined ? null : Number(r.org_id) };
}

/** Everything in one event the viewer may see (deleted attributes/objects only on request). */
export function fullEvent(db: Database, e: StoredEvent, viewer: Viewer, includeDeleted = false): FullEvent {
  // Deleted data is for its owning organisation only.
  const del = includeDeleted && viewer.orgId === e.orgId ? '' : ' AND deleted = 0';
  const allAttributes = (cachedStatement(db, `SELECT * FROM attributes WHERE event_id = ?${del} ORDER BY id`).all(e.id) as Row[])
    .map(toAttribute);
  const objects = (cachedStatement(db, `SELECT * FROM objects WHERE event_id = ?${del} ORDER BY id`).all(e.id) as Row[])
    .map((o) => toObject(o, (cachedStatement(db, 'SELECT * FROM object_references WHERE object_id = ? ORDER BY id').all(o.id) as Row[]).map(toReference)))
    .filter((o) => canViewItem(viewer, o, e));
  // An attribute of a hidden (or, unless asked, deleted) object is hidden with it.
  const objectsById = new Map(objects.map((o) => [o.id, o]));
  const attributes = allAttributes.filter((a) => canViewItem(viewer, { ...a, tlp: tlpOf(a.tags) }, e, a.objectId === null ? undefined : (objectsById.get(a.objectId) ?? null)));
  const visibleIds = new Set(attributes.map((a) => a.id));
  const owner = viewer.orgId === e.orgId;
  // MISP's default sightings policy: the event owner sees all sightings, others only their own.
  const sightings = (cachedStatement(db, 'SELECT * FROM sightings WHERE event_id = ? ORDER BY id').all(e.id) as Row[])
    .map(toSighting)
    .filter((s) => visibleIds.has(s.attributeId) && (owner || s.orgId === viewer.orgId));
  const org = toOrg(cachedStatement(db, 'SELECT * FROM orgs WHERE id = ?').get(e.orgId) as Row);
  const orgc = toOrg(cachedStatement(db, 'SELECT * FROM orgs WHERE id = ?').get(e.orgcId) as Row);
  const sharingGroup = e.sharingGroupId !== null ? sharingGroupById(db, e.sharingGroupId) : null;
  const strip = <T extends { tags: StoredEvent['tags'] }>(x: T) => withoutForeignLocalTags(viewer, e.orgId, x);
  return { event: strip(e), org, orgc, sharingGroup, attributes: attributes.map(strip), objects, sightings };
}

export function getEvent(db: Database, idOrUuid: number | string, viewer: Viewer, includeDeleted = false): FullEvent | null {
  const r = (typeof idOrUuid === 'number'
    ? cachedStatement(db, 'SELECT * FROM events WHERE id = ?').get(idOrUuid)
    : cachedStatement(db, 'SELECT * FROM events WHERE uuid = ?').get(idOrUuid)) as Row | undefined;
  if (!r) return null;
  const e = toEvent(r);
  if (!canViewEvent(viewer, e)) return null;
  return fullEvent(db, e, viewer, includeDeleted);
}

export function searchEvents(db: Database, q: EventQuery, viewer: Viewer): Page<StoredEvent> {
  const sql = new Sql('sqlite');
  const where = eventWhere(sql, q, viewer);
  const { limit, offset } = paging(q);
  const total = Number((cachedStatement(db, `SELECT count(*) AS n FROM events e WHERE ${where}`).get(sql.params) as Row).n);
  const rows = cachedStatement(db, `SELECT e.* FROM events e WHERE ${where} ${eventOrder(sql, q, viewer)} LIMIT ? OFFSET ?`).all([...sql.params, limit, offset]) as Row[];
  return { items: rows.map(toEvent).map((e) => withoutForeignLocalTags(viewer, e.orgId, e)), total };
}

export function searchAttributes(db: Database, q: AttributeQuery, viewer: Viewer): Page<{ attribute: StoredAttribute; event: StoredEvent }> {
  const sql = new Sql('sqlite');
  const where = attributeWhere(sql, q, viewer);
  const { limit, offset } = paging(q);
  const from = 'FROM attributes a JOIN events e ON e.id = a.event_id';
  const total = Number((cachedStatement(db, `SELECT count(*) AS n ${from} WHERE ${where}`).get(sql.params) as Row).n);
  const rows = cachedStatement(db, `SELECT a.* ${from} WHERE ${where} ORDER BY a.id LIMIT ? OFFSET ?`).all([...sql.params, limit, offset]) as Row[];
  const attrs = rows.map(toAttribute);
  const events = new Map(rowsByIds(db, 'events', [...new Set(attrs.map((a) => a.eventId))]).map((r) => [Number(r.id), toEvent(r)]));
  return {
    items: attrs.map((attribute) => {
      const event = events.get(attribute.eventId)!;
      return { attribute: withoutForeignLocalTags(viewer, event.orgId, attribute), event: withoutForeignLocalTags(viewer, event.orgId, event) };
    }),
    total,
  };
}

/** Visible matching attributes per event id. */
export function countAttributesByEvent(db: Database, q: AttributeQuery, viewer: Viewer): Map<number, number> {
  const sql = new Sql('sqlite');
  const where = attributeWhere(sql, q, viewer);
  const rows = cachedStatement(db, `SELECT a.event_id AS id, count(*) AS n FROM attributes a JOIN events e ON e.id = a.event_id WHERE ${where} GROUP BY a.event_id`).all(sql.params) as Row[];
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}
