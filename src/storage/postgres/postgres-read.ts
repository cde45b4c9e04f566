/** Reads of the PostgreSQL intel store: full events, paginated searches, hydration of index hits. */
import type { Distribution } from '../../core/model/event.ts';
import type { Pool, PoolClient } from 'pg';
import type { Viewer } from '../../core/sharing/access.ts';
import { tlpOf } from '../../core/sharing/tlp.ts';
import type {
  AttributeQuery, EventQuery, FullEvent, IndexVia, LookupRow, Page, SharingGroup, StoredAttribute, StoredEvent,
} from '../port.ts';
import { attributeWhere, eventOrder, eventWhere, paging } from '../common/query-sql.ts';
import { toAttribute, toEvent, toObject, toOrg, toReference, toSighting, type Row } from '../common/rows.ts';
import { Sql } from '../common/sql.ts';
import { canViewEvent, canViewItem, withoutForeignLocalTags } from '../common/visibility.ts';

export type Queryable = Pool | PoolClient;

async function rows(q: Queryable, text: string, params: unknown[] = []): Promise<Row[]> {
  return (await q.query(text, params)).rows as Row[];
}

export async function sharingGroupById(q: Queryable, id: number): Promise<SharingGroup | null> {
  const r = (await rows(q, 'SELECT * FROM sharing_groups WHERE id = $1', [id]))[0];
  if (!r) return null;
  const orgIds = (await rows(q, 'SELECT org_id FROM sharing_group_orgs WHERE sharing_group_id = $1 ORDER BY org_id', [id])).map((o) => Number(o.org_id));
  return { id: Number(r.id), uuid: String(r.uuid), name: String(r.name), description: String(r.description), releasability: String(r.releasability), orgIds, creatorOrgId: r.org_id === null || r.org_id === undefined ? null : Number(r.org_id) };
}

export async function fullEvent(q: Queryable, e: StoredEvent, viewer: Viewer, includeDeleted = false): Promise<FullEvent> {
  // Deleted data is for its owning organisation only.
  const del = includeDeleted && viewer.orgId === e.orgId ? '' : ' AND deleted = 0';
  const allAttributes = (await rows(q, `SELECT * FROM attributes WHERE event_id = $1${del} ORDER BY id`, [e.id]))
    .map(toAttribute);
  const objRows = await rows(q, `SELECT * FROM objects WHERE event_id = $1${del} ORDER BY id`, [e.id]);
  const refRows = objRows.length
    ? await rows(q, 'SELECT * FROM object_references WHERE object_id = ANY($1::integer[]) ORDER BY id', [objRows.map((o) => o.id)])
    : [];
  const objects = objRows
    .map((o) => toObject(o, refRows.filter((r) => Number(r.object_id) === Number(o.id)).map(toReference)))
    .filter((o) => canViewItem(viewer, o, e));
  // An attribute of a hidden (or, unless asked, deleted) object is hidden with it.
  const objectsById = new Map(objects.map((o) => [o.id, o]));
  const attributes = allAttributes.filter((a) => canViewItem(viewer, { ...a, tlp: tlpOf(a.tags) }, e, a.objectId === null ? undefined : (objectsById.get(a.objectId) ?? null)));
  const visibleIds = new Set(attributes.map((a) => a.id));
  const owner = viewer.orgId === e.orgId;
  const sightings = (await rows(q, 'SELECT * FROM sightings WHERE event_id = $1 ORDER BY id', [e.id]))
    .map(toSighting)
    .filter((s) => visibleIds.has(s.attributeId) && (owner || s.orgId === viewer.orgId));
  const orgs = new Map((await rows(q, 'SELECT * FROM orgs WHERE id = ANY($1::integer[])', [[e.orgId, e.orgcId]])).map((r) => [Number(r.id), toOrg(r)]));
  const sharingGroup = e.sharingGroupId !== null ? await sharingGroupById(q, e.sharingGroupId) : null;
  const strip = <T extends { tags: StoredEvent['tags'] }>(x: T) => withoutForeignLocalTags(viewer, e.orgId, x);
  return { event: strip(e), org: orgs.get(e.orgId)!, orgc: orgs.get(e.orgcId)!, sharingGroup, attributes: attributes.map(strip), objects, sightings };
}

export async function getEvent(q: Queryable, idOrUuid: number | string, viewer: Viewer, includeDeleted = false): Promise<FullEvent | null> {
  const r = (await rows(q, `SELECT * FROM events WHERE ${typeof idOrUuid === 'number' ? 'id' : 'uuid'} = $1`, [idOrUuid]))[0];
  if (!r) return null;
  const e = toEvent(r);
  if (!canViewEvent(viewer, e)) return null;
  return fullEvent(q, e, viewer, includeDeleted);
}

export async function searchEvents(q: Queryable, query: EventQuery, viewer: Viewer): Promise<Page<StoredEvent>> {
  const sql = new Sql('postgres');
  const where = eventWhere(sql, query, viewer);
  const { limit, offset } = paging(query);
  const total = Number((await rows(q, `SELECT count(*) AS n FROM events e WHERE ${where}`, sql.params))[0]!.n);
  const n = sql.params.length;
  const items = await rows(q, `SELECT e.* FROM events e WHERE ${where} ${eventOrder(sql, query, viewer)} LIMIT $${n + 1} OFFSET $${n + 2}`, [...sql.params, limit, offset]);
  return { items: items.map(toEvent).map((e) => withoutForeignLocalTags(viewer, e.orgId, e)), total };
}

export async function eventsByIds(q: Queryable, ids: number[]): Promise<Map<number, StoredEvent>> {
  if (!ids.length) return new Map();
  return new Map((await rows(q, 'SELECT * FROM events WHERE id = ANY($1::integer[])', [ids])).map((r) => [Number(r.id), toEvent(r)]));
}

export async function searchAttributes(
  q: Queryable,
  query: AttributeQuery,
  viewer: Viewer,
): Promise<Page<{ attribute: StoredAttribute; event: StoredEvent }>> {
  const sql = new Sql('postgres');
  const where = attributeWhere(sql, query, viewer);
  const { limit, offset } = paging(query);
  const from = 'FROM attributes a JOIN events e ON e.id = a.event_id';
  const total = Number((await rows(q, `SELECT count(*) AS n ${from} WHERE ${where}`, sql.params))[0]!.n);
  const n = sql.params.length;
  const attrs = (await rows(q, `SELECT a.* ${from} WHERE ${where} ORDER BY a.id LIMIT $${n + 1} OFFSET $${n + 2}`, [...sql.params, limit, offset])).map(
    toAttribute,
  );
  const events = await eventsByIds(q, [...new Set(attrs.map((a) => a.eventId))]);
  return {
    items: attrs.map((attribute) => {
      const event = events.get(attribute.eventId)!;
      return { attribute: withoutForeignLocalTags(viewer, event.orgId, attribute), event: withoutForeignLocalTags(viewer, event.orgId, event) };
    }),
    total,
  };
}

/** Visible matching attributes per event id. */
export async function countAttributesByEvent(q: Queryable, query: AttributeQuery, viewer: Viewer): Promise<Map<number, number>> {
  const sql = new Sql('postgres');
  const where = attributeWhere(sql, query, viewer);
  const found = await rows(q, `SELECT a.event_id AS id, count(*) AS n FROM attributes a JOIN events e ON e.id = a.event_id WHERE ${where} GROUP BY a.event_id`, sql.params);
  return new Map(found.map((r) => [Number(r.id), Number(r.n)]));
}

export interface RawHit {
  probe: string;
  via: IndexVia;
  attributeId: number;
}

/** Index hits → rows, dropping deleted attributes and what the viewer may not see. */
export async function hydrate(q: Queryable, raw: readonly RawHit[], viewer: Viewer): Promise<LookupRow[]> {
  if (!raw.length) return [];
  const ids = [...new Set(raw.map((h) => h.attributeId))];
  const attrs = new Map(
    (await rows(q, 'SELECT * FROM attributes WHERE id = ANY($1::integer[]) AND deleted = 0', [ids])).map((r) => [Number(r.id), toAttribute(r)]),
  );
  const events = await eventsByIds(q, [...new Set([...attrs.values()].map((a) => a.eventId))]);
  const objectIds = [...new Set([...attrs.values()].flatMap((a) => (a.objectId === null ? [] : [a.objectId])))];
  const objects = new Map(
    (objectIds.length ? await rows(q, 'SELECT id, distribution, sharing_group_id FROM objects WHERE id = ANY($1::integer[])', [objectIds]) : []).map((r) => [
      Number(r.id),
      { distribution: Number(r.distribution) as Distribution, sharingGroupId: r.sharing_group_id === null ? null : Number(r.sharing_group_id) },
    ]),
  );
  const out: LookupRow[] = [];
  const ok = new Map<number, boolean>();
  for (const h of raw) {
    const attribute = attrs.get(h.attributeId);
    const event = attribute && events.get(attribute.eventId);
    if (!attribute || !event) continue;
    let v = ok.get(attribute.id);
    const obj = attribute.objectId === null ? undefined : (objects.get(attribute.objectId) ?? null);
    if (v === undefined) ok.set(attribute.id, (v = canViewItem(viewer, { ...attribute, tlp: tlpOf(attribute.tags) }, event, obj)));
    if (v) out.push({ probe: h.probe, via: h.via, attribute: withoutForeignLocalTags(viewer, event.orgId, attribute), event: withoutForeignLocalTags(viewer, event.orgId, event) });
  }
  return out;
}
