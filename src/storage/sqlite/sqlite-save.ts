/**
 * `saveEvents` for SQLite: one transaction per batch, uuid-keyed upserts with field comparison so that
 * re-saving identical data is `unchanged`, and index maintenance (value keys, IP points and ranges).
 */
import type { Database } from 'better-sqlite3';
import type { AttributeInput, EventInput, OrgRef, SharingGroupInput } from '../../core/model/event.ts';
import { indexEntries } from '../../core/matching/index-entries.ts';
import { keyHash } from '../../core/matching/key-hash.ts';
import type { Organisation, SaveEventResult, SharingGroup } from '../port.ts';
import { ATTR_COLS, EVENT_COLS, OBJECT_COLS, attributeValues, eventValues, objectValues, rowDiffers, type Values } from '../common/columns.ts';
import type { Row } from '../common/rows.ts';
import { checkEventOwner, checkSameEvent, EVENT_ORG_COL, EVENT_ORGC_COL, type WriteActor } from '../common/ownership.ts';
import { insertMany, type SqliteStatements } from './sqlite-statements.ts';

export interface SaveContext {
  db: Database;
  st: SqliteStatements;
  ensureOrg(org: OrgRef): Organisation;
  /** The group an event body names: existing ones are only referenced (membership checked), new ones created by the actor. */
  referenceSharingGroup(sg: SharingGroupInput, actor: WriteActor): { group: SharingGroup; changed: boolean };
  sharingGroupId(uuid: string | null): number | null;
  /** Index writer of the current batch (flushed by the caller before commit). */
  index: SqliteIndexWriter;
}

/**
 * Index maintenance for one batch. Additions are buffered and written sorted by key at the end of the
 * batch (sorted inserts touch far fewer b-tree pages); removals flush the buffer first so order holds.
 * Value keys are stored as their hash (core/matching/key-hash.ts).
 */
export class SqliteIndexWriter {
  private keys: Array<[number, number, number]> = [];
  private points: Array<[string, number]> = [];
  private ranges: Array<[string, number, string, number]> = [];
  rangesTouched = false;

  constructor(
    private readonly db: Database,
    private readonly st: SqliteStatements,
  ) {}

  add(id: number, type: string, value: string): void {
    const e = indexEntries(type, value);
    for (const k of e.keys) this.keys.push([keyHash(k.key), id, k.via]);
    for (const p of e.points) this.points.push([p, id]);
    for (const r of e.ranges) this.ranges.push([r.start, id, r.end, r.bits]);
    if (e.ranges.length) this.rangesTouched = true;
  }

  remove(id: number, type: string, value: string): void {
    this.flush();
    const e = indexEntries(type, value);
    for (const k of e.keys) this.st.deleteKey.run(keyHash(k.key), id);
    for (const p of e.points) this.st.deletePoint.run(p, id);
    for (const r of e.ranges) this.st.deleteRange.run(r.start, id);
    if (e.ranges.length) this.rangesTouched = true;
  }

  flush(): void {
    const byKey = <T extends [string, ...unknown[]]>(a: T, b: T) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    insertMany(this.db, 'INSERT OR IGNORE INTO value_keys (hash, attribute_id, via)', this.keys.sort((a, b) => a[0] - b[0]));
    insertMany(this.db, 'INSERT OR IGNORE INTO ip_points (start, attribute_id)', this.points.sort(byKey));
    insertMany(this.db, 'INSERT OR IGNORE INTO ip_ranges (start, attribute_id, "end", bits)', this.ranges.sort(byKey));
    this.keys = [];
    this.points = [];
    this.ranges = [];
  }
}

/** Adds (or with `remove`, deletes) an attribute's index entries right away. Returns whether ranges were touched. */
export function indexAttribute(db: Database, st: SqliteStatements, id: number, type: string, value: string, remove = false): boolean {
  const w = new SqliteIndexWriter(db, st);
  if (remove) w.remove(id, type, value);
  else {
    w.add(id, type, value);
    w.flush();
  }
  return w.rangesTouched;
}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Compares with the stored row and updates it (and its index entries) when different. */
function updateAttribute(ctx: SaveContext, row: Row, vals: Values, a: AttributeInput, counts: Counts): void {
  const id = Number(row.id);
  if (!rowDiffers(ATTR_COLS, row, vals)) {
    counts.unchanged++;
    return;
  }
  ctx.st.updateAttr.run([...vals, id]);
  const wasIndexed = Number(row.deleted) !== 1;
  const sameKeys = row.type === a.type && row.value === a.value && wasIndexed === !a.deleted;
  if (!sameKeys) {
    if (wasIndexed) ctx.index.remove(id, String(row.type), String(row.value));
    if (!a.deleted) ctx.index.add(id, a.type, a.value);
  }
  counts.updated++;
}

function saveAttribute(
  ctx: SaveContext,
  a: AttributeInput,
  eventId: number,
  objectId: number | null,
  existing: Map<string, Row> | null,
  counts: Counts,
): void {
  const vals = attributeValues(a, { eventId, objectId, sgId: ctx.sharingGroupId(a.sharingGroupUuid) });
  const row = existing?.get(a.uuid);
  if (row) return updateAttribute(ctx, row, vals, a, counts);
  // Single-row prepared inserts measured faster here than multi-row INSERT … RETURNING.
  const info = ctx.st.insertAttr.run(vals);
  if (info.changes === 1) {
    if (!a.deleted) ctx.index.add(Number(info.lastInsertRowid), a.type, a.value);
    counts.created++;
    return;
  }
  // The uuid is already stored (twice in this batch, or under another event, which is refused): compare and update.
  const stored = ctx.st.attrByUuid.get(a.uuid) as Row;
  checkSameEvent(Number(stored.event_id), eventId, 'attribute', a.uuid);
  updateAttribute(ctx, stored, vals, a, counts);
}

function saveObjects(ctx: SaveContext, e: EventInput, eventId: number, existingAttrs: Map<string, Row> | null, counts: Counts): boolean {
  const { st } = ctx;
  let changed = false;
  for (const o of e.objects) {
    const vals = objectValues(o, { eventId, sgId: ctx.sharingGroupId(o.sharingGroupUuid) });
    const row = st.objectByUuid.get(o.uuid) as Row | undefined;
    let objectId: number;
    if (!row) {
      objectId = Number(st.insertObject.run(vals).lastInsertRowid);
      changed = true;
    } else {
      checkSameEvent(Number(row.event_id), eventId, 'object', o.uuid);
      objectId = Number(row.id);
      if (rowDiffers(OBJECT_COLS, row, vals)) {
        st.updateObject.run([...vals, objectId]);
        changed = true;
      }
    }
    const oldRefs = st.refsOfObject.all(objectId) as Row[];
    const same =
      oldRefs.length === o.references.length &&
      o.references.every((r, i) => {
        const old = oldRefs[i]!;
        return old.uuid === r.uuid && old.referenced_uuid === r.referencedUuid && old.relationship_type === r.relationshipType && old.comment === r.comment;
      });
    if (!same) {
      for (const r of o.references) {
        const held = st.refEvent.get(r.uuid) as Row | undefined;
        if (held) checkSameEvent(Number(held.event_id), eventId, 'object', r.uuid);
      }
      st.deleteRefsOfObject.run(objectId);
      for (const r of o.references) st.insertRef.run(r.uuid, objectId, r.referencedUuid, r.relationshipType, r.comment ?? '');
      changed = true;
    }
    for (const a of o.attributes) saveAttribute(ctx, a, eventId, objectId, existingAttrs, counts);
  }
  return changed;
}

function saveSightings(ctx: SaveContext, e: EventInput, eventId: number): boolean {
  let added = false;
  for (const s of e.sightings) {
    const attr = ctx.st.attrByUuid.get(s.attributeUuid) as Row | undefined;
    if (!attr || Number(attr.event_id) !== eventId) continue;
    const org = ctx.ensureOrg(s.org);
    const info = ctx.st.insertSighting.run(s.uuid, attr.id, eventId, org.id, s.type, s.source ?? '', s.dateSighting);
    if (info.changes > 0) added = true;
  }
  return added;
}

/** Saves one event inside the caller's transaction. */
export function saveEventSync(ctx: SaveContext, e: EventInput, ownerOrgId: number, admin = false): SaveEventResult {
  const { st } = ctx;
  const actor: WriteActor = { orgId: ownerOrgId, admin };
  const row = st.eventByUuid.get(e.uuid) as Row | undefined;
  if (row) checkEventOwner(Number(row.org_id), actor, e.uuid);
  const orgc = ctx.ensureOrg(e.orgc);
  let sgId: number | null = null;
  let sgChanged = false;
  if (e.sharingGroup) {
    // A node admin editing another org's event references groups as that org would be allowed to.
    const r = ctx.referenceSharingGroup(e.sharingGroup, row ? { orgId: Number(row.org_id), admin } : actor);
    sgId = r.group.id;
    sgChanged = r.changed;
  }
  const vals = eventValues(e, { sgId, orgId: ownerOrgId, orgcId: orgc.id });
  if (row) {
    // A save never re-owns a stored event.
    vals[EVENT_ORG_COL] = Number(row.org_id);
    vals[EVENT_ORGC_COL] = Number(row.orgc_id);
  }
  let eventId: number;
  let changed = sgChanged;
  let existingAttrs: Map<string, Row> | null = null;
  if (!row) {
    eventId = Number(st.insertEvent.run(vals).lastInsertRowid);
  } else {
    eventId = Number(row.id);
    if (rowDiffers(EVENT_COLS, row, vals)) {
      st.updateEvent.run([...vals, eventId]);
      changed = true;
    }
    existingAttrs = new Map((st.attrsOfEvent.all(eventId) as Row[]).map((r) => [String(r.uuid), r]));
  }
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  for (const a of e.attributes) saveAttribute(ctx, a, eventId, null, existingAttrs, counts);
  if (saveObjects(ctx, e, eventId, existingAttrs, counts)) changed = true;
  if (saveSightings(ctx, e, eventId)) changed = true;
  const status = !row ? 'created' : changed || counts.created > 0 || counts.updated > 0 ? 'updated' : 'unchanged';
  return {
    uuid: e.uuid,
    eventId,
    status,
    attributesCreated: counts.created,
    attributesUpdated: counts.updated,
    attributesUnchanged: counts.unchanged,
  };
}
