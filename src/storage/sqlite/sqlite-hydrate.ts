/** Turns index hits (attribute ids) into full rows, dropping deleted attributes and what the viewer may not see. */
import type { Database, Statement } from 'better-sqlite3';
import type { Distribution } from '../../core/model/event.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import { tlpOf } from '../../core/sharing/tlp.ts';
import type { IndexVia, LookupRow, StoredAttribute, StoredEvent } from '../port.ts';
import { toAttribute, toEvent, type Row } from '../common/rows.ts';
import { canViewItem, withoutForeignLocalTags } from '../common/visibility.ts';
import type { EventRowCache } from './event-row-cache.ts';

export interface RawHit {
  probe: string;
  via: IndexVia;
  attributeId: number;
  /** The attribute when the index query already returned it (not deleted). */
  attribute?: StoredAttribute;
}

const CHUNK = 500;
const stmtCache = new WeakMap<Database, Map<string, Statement>>();

/** A prepared statement cached per connection and SQL text. */
export function cachedStatement(db: Database, sql: string): Statement {
  let m = stmtCache.get(db);
  if (!m) stmtCache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) {
    if (m.size >= 500) m.clear(); // query shapes vary (list lengths): keep the cache bounded
    m.set(sql, (st = db.prepare(sql)));
  }
  return st;
}

/** Rows by id, fetched in chunks (statements cached per connection and chunk size). */
export function rowsByIds(db: Database, table: 'attributes' | 'events', ids: readonly number[], extra = ''): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const c = ids.slice(i, i + CHUNK);
    const sql = `SELECT * FROM ${table} WHERE id IN (${c.map(() => '?').join(',')})${extra}`;
    for (const r of cachedStatement(db, sql).all(c) as Row[]) out.push(r);
  }
  return out;
}

export function hydrateRows(db: Database, raw: readonly RawHit[], viewer: Viewer, eventRows?: EventRowCache): LookupRow[] {
  if (raw.length === 0) return [];
  const attrs = new Map<number, StoredAttribute>();
  const missing = new Set<number>();
  for (const h of raw) {
    if (attrs.has(h.attributeId)) continue;
    if (h.attribute) attrs.set(h.attributeId, h.attribute);
    else missing.add(h.attributeId);
  }
  for (const id of attrs.keys()) missing.delete(id);
  for (const r of rowsByIds(db, 'attributes', [...missing], ' AND deleted = 0')) {
    const a = toAttribute(r);
    attrs.set(a.id, a);
  }
  const events = new Map<number, StoredEvent>();
  const wanted: number[] = [];
  for (const id of new Set([...attrs.values()].map((a) => a.eventId))) {
    const cached = eventRows?.get(id);
    if (cached) events.set(id, cached);
    else wanted.push(id);
  }
  for (const r of rowsByIds(db, 'events', wanted)) {
    const e = toEvent(r);
    events.set(e.id, e);
    eventRows?.set(e);
  }
  const objects = new Map<number, { distribution: Distribution; sharingGroupId: number | null }>();
  const objectIds = [...new Set([...attrs.values()].flatMap((a) => (a.objectId === null ? [] : [a.objectId])))];
  for (let i = 0; i < objectIds.length; i += CHUNK) {
    const c = objectIds.slice(i, i + CHUNK);
    const sql = `SELECT id, distribution, sharing_group_id FROM objects WHERE id IN (${c.map(() => '?').join(',')})`;
    for (const r of cachedStatement(db, sql).all(c) as Row[]) {
      objects.set(Number(r.id), { distribution: Number(r.distribution) as Distribution, sharingGroupId: r.sharing_group_id === null ? null : Number(r.sharing_group_id) });
    }
  }
  const visible = new Map<number, boolean>();
  const out: LookupRow[] = [];
  for (const h of raw) {
    const attribute = attrs.get(h.attributeId);
    const event = attribute && events.get(attribute.eventId);
    if (!attribute || !event) continue;
    let ok = visible.get(attribute.id);
    if (ok === undefined) {
      ok = canViewItem(viewer, { distribution: attribute.distribution, sharingGroupId: attribute.sharingGroupId, tlp: tlpOf(attribute.tags) }, event, attribute.objectId === null ? undefined : (objects.get(attribute.objectId) ?? null));
      visible.set(attribute.id, ok);
    }
    if (ok) out.push({ probe: h.probe, via: h.via, attribute: withoutForeignLocalTags(viewer, event.orgId, attribute), event: withoutForeignLocalTags(viewer, event.orgId, event) });
  }
  return out;
}
