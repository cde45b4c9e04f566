/**
 * `saveEvents` for PostgreSQL: one transaction per batch; new events, attributes and index entries go in
 * as multi-row `INSERT … SELECT FROM UNNEST(arrays)`; changed rows are compared field by field and updated.
 */
import type { PoolClient } from 'pg';
import type { AttributeInput, EventInput, OrgRef, SharingGroupInput } from '../../core/model/event.ts';
import { indexEntries } from '../../core/matching/index-entries.ts';
import type { Organisation, SaveEventResult, SharingGroup } from '../port.ts';
import { ATTR_COLS, EVENT_COLS, OBJECT_COLS, attributeValues, eventValues, objectValues, rowDiffers, type Values } from '../common/columns.ts';
import type { Row } from '../common/rows.ts';
import { checkEventOwner, checkSameEvent, EVENT_ORG_COL, EVENT_ORGC_COL, type WriteActor } from '../common/ownership.ts';
import { ATTR_PG_TYPES, EVENT_PG_TYPES } from './schema.ts';

export interface PgSaveContext {
  client: PoolClient;
  ensureOrg(org: OrgRef): Promise<Organisation>;
  /** The group an event body names: existing ones are only referenced (membership checked), new ones created by the actor. */
  referenceSharingGroup(sg: SharingGroupInput, actor: WriteActor): Promise<{ group: SharingGroup; changed: boolean }>;
  sharingGroupId(uuid: string | null): Promise<number | null>;
}

const BULK = 20_000;

/** INSERT … SELECT FROM UNNEST over column arrays; returns `returning` columns of inserted rows. */
async function bulkInsert(
  client: PoolClient,
  table: string,
  cols: readonly string[],
  types: readonly string[],
  rows: Values[],
  tail = '',
): Promise<Row[]> {
  const out: Row[] = [];
  for (let off = 0; off < rows.length; off += BULK) {
    const chunk = rows.slice(off, off + BULK);
    const arrays = cols.map((_, i) => chunk.map((r) => r[i] ?? null));
    const sel = cols.map((_, i) => (types[i] === 'jsonb' ? `u.c${i}::jsonb` : `u.c${i}`)).join(', ');
    const un = types.map((t, i) => `$${i + 1}::${t === 'jsonb' ? 'text' : t}[]`).join(', ');
    const alias = cols.map((_, i) => `c${i}`).join(', ');
    const res = await client.query(
      `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${sel} FROM UNNEST(${un}) AS u(${alias}) ${tail}`,
      arrays,
    );
    out.push(...(res.rows as Row[]));
  }
  return out;
}

/** Index rows to add and remove, applied in bulk at the end of a batch. */
class IndexBatch {
  keys: Values[] = [];
  points: Values[] = [];
  ranges: Values[] = [];
  removeKeys: Values[] = [];
  removePoints: Values[] = [];
  removeRanges: Values[] = [];

  add(id: number, type: string, value: string, remove = false): void {
    const e = indexEntries(type, value);
    for (const k of e.keys) (remove ? this.removeKeys : this.keys).push(remove ? [k.key, id] : [k.key, id, k.via]);
    for (const p of e.points) (remove ? this.removePoints : this.points).push([p, id]);
    for (const r of e.ranges) (remove ? this.removeRanges : this.ranges).push(remove ? [r.start, id] : [r.start, id, r.end, r.bits]);
  }

  async flush(client: PoolClient): Promise<void> {
    const del = async (table: string, col: string, rows: Values[]) => {
      if (!rows.length) return;
      await client.query(
        `DELETE FROM ${table} t USING UNNEST($1::text[], $2::integer[]) AS u(k, id) WHERE t.${col} = u.k AND t.attribute_id = u.id`,
        [rows.map((r) => r[0]), rows.map((r) => r[1])],
      );
    };
    await del('value_index', 'key', this.removeKeys);
    await del('ip_points', 'start', this.removePoints);
    await del('ip_ranges', 'start', this.removeRanges);
    const dn = 'ON CONFLICT DO NOTHING';
    if (this.keys.length) await bulkInsert(client, 'value_index', ['key', 'attribute_id', 'via'], ['text', 'integer', 'smallint'], this.keys, dn);
    if (this.points.length) await bulkInsert(client, 'ip_points', ['start', 'attribute_id'], ['text', 'integer'], this.points, dn);
    if (this.ranges.length) {
      await bulkInsert(client, 'ip_ranges', ['start', 'attribute_id', 'end', 'bits'], ['text', 'integer', 'text', 'smallint'], this.ranges, dn);
    }
  }
}

interface Pending {
  result: SaveEventResult;
  changed: boolean;
}

async function updateAttribute(client: PoolClient, row: Row, vals: Values, a: AttributeInput, idx: IndexBatch, p: Pending): Promise<void> {
  if (!rowDiffers(ATTR_COLS, row, vals)) {
    p.result.attributesUnchanged++;
    return;
  }
  const id = Number(row.id);
  const set = ATTR_COLS.map((c, i) => `"${c}" = $${i + 1}${ATTR_PG_TYPES[i] === 'jsonb' ? '::jsonb' : ''}`).join(', ');
  await client.query(`UPDATE attributes SET ${set} WHERE id = $${ATTR_COLS.length + 1}`, [...vals, id]);
  const wasIndexed = Number(row.deleted) !== 1;
  if (row.type !== a.type || row.value !== a.value || wasIndexed === a.deleted) {
    if (wasIndexed) idx.add(id, String(row.type), String(row.value), true);
    if (!a.deleted) idx.add(id, a.type, a.value);
  }
  p.result.attributesUpdated++;
}

async function saveObjects(ctx: PgSaveContext, e: EventInput, eventId: number): Promise<{ ids: Map<string, number>; changed: boolean }> {
  const { client } = ctx;
  const ids = new Map<string, number>();
  let changed = false;
  for (const o of e.objects) {
    const vals = objectValues(o, { eventId, sgId: await ctx.sharingGroupId(o.sharingGroupUuid) });
    const row = (await client.query('SELECT * FROM objects WHERE uuid = $1', [o.uuid])).rows[0] as Row | undefined;
    let id: number;
    const ph = OBJECT_COLS.map((_, i) => `$${i + 1}`).join(', ');
    if (!row) {
      id = Number((await client.query(`INSERT INTO objects (${OBJECT_COLS.join(', ')}) VALUES (${ph}) RETURNING id`, vals)).rows[0].id);
      changed = true;
    } else {
      checkSameEvent(Number(row.event_id), eventId, 'object', o.uuid);
      id = Number(row.id);
      if (rowDiffers(OBJECT_COLS, row, vals)) {
        const set = OBJECT_COLS.map((c, i) => `${c} = $${i + 1}`).join(', ');
        await client.query(`UPDATE objects SET ${set} WHERE id = $${OBJECT_COLS.length + 1}`, [...vals, id]);
        changed = true;
      }
    }
    ids.set(o.uuid, id);
    const old = (await client.query('SELECT * FROM object_references WHERE object_id = $1 ORDER BY id', [id])).rows as Row[];
    const same =
      old.length === o.references.length &&
      o.references.every((r, i) => {
        const x = old[i]!;
        return x.uuid === r.uuid && x.referenced_uuid === r.referencedUuid && x.relationship_type === r.relationshipType && x.comment === r.comment;
      });
    if (!same) {
      const held = await client.query(
        'SELECT r.uuid, o.event_id FROM object_references r JOIN objects o ON o.id = r.object_id WHERE r.uuid = ANY($1::text[])',
        [o.references.map((r) => r.uuid)],
      );
      for (const h of held.rows as Row[]) checkSameEvent(Number(h.event_id), eventId, 'object', String(h.uuid));
      await client.query('DELETE FROM object_references WHERE object_id = $1', [id]);
      await client.query(`DELETE FROM object_references WHERE uuid = ANY($1::text[])`, [o.references.map((r) => r.uuid)]);
      for (const r of o.references) {
        await client.query(
          'INSERT INTO object_references (uuid, object_id, referenced_uuid, relationship_type, comment) VALUES ($1, $2, $3, $4, $5)',
          [r.uuid, id, r.referencedUuid, r.relationshipType, r.comment ?? ''],
        );
      }
      changed = true;
    }
  }
  return { ids, changed };
}

/** Saves a batch inside the caller's transaction. */
export async function saveEventsPg(ctx: PgSaveContext, events: EventInput[], ownerOrgId: number, admin = false): Promise<SaveEventResult[]> {
  const { client } = ctx;
  const idx = new IndexBatch();
  const actor: WriteActor = { orgId: ownerOrgId, admin };
  // Rows locked so that a concurrent save cannot change their owner between the check and the write.
  const existingEvents = new Map(
    ((await client.query('SELECT * FROM events WHERE uuid = ANY($1::text[]) FOR UPDATE', [events.map((e) => e.uuid)])).rows as Row[]).map((r) => [String(r.uuid), r]),
  );
  for (const [uuid, r] of existingEvents) checkEventOwner(Number(r.org_id), actor, uuid);
  const pendings: Pending[] = [];
  const newAttrs: Array<{ vals: Values; a: AttributeInput; p: Pending }> = [];
  const updates: Array<{ row: Row; vals: Values; a: AttributeInput; p: Pending }> = [];
  // Phase 1: organisations, sharing groups and row values; new events inserted in one statement.
  const prepared: Array<{ vals: Values; sgChanged: boolean }> = [];
  for (const e of events) {
    const orgc = await ctx.ensureOrg(e.orgc);
    let sgId: number | null = null;
    let sgChanged = false;
    if (e.sharingGroup) {
      const stored = existingEvents.get(e.uuid);
      // A node admin editing another org's event references groups as that org would be allowed to.
      const r = await ctx.referenceSharingGroup(e.sharingGroup, stored ? { orgId: Number(stored.org_id), admin } : actor);
      sgId = r.group.id;
      sgChanged = r.changed;
    }
    const vals = eventValues(e, { sgId, orgId: ownerOrgId, orgcId: orgc.id });
    const stored = existingEvents.get(e.uuid);
    if (stored) {
      // A save never re-owns a stored event.
      vals[EVENT_ORG_COL] = Number(stored.org_id);
      vals[EVENT_ORGC_COL] = Number(stored.orgc_id);
    }
    prepared.push({ vals, sgChanged });
  }
  const firstNew = new Map<string, number>();
  events.forEach((e, i) => {
    if (!existingEvents.has(e.uuid) && !firstNew.has(e.uuid)) firstNew.set(e.uuid, i);
  });
  const newIds = new Map<string, number>();
  const insertedEvents = await bulkInsert(client, 'events', EVENT_COLS, EVENT_PG_TYPES, [...firstNew.values()].map((i) => prepared[i]!.vals), 'RETURNING id, uuid');
  for (const r of insertedEvents) newIds.set(String(r.uuid), Number(r.id));
  // Phase 2: per event, compare existing rows and collect attribute work.
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const { vals, sgChanged } = prepared[i]!;
    let changed = sgChanged;
    const row = existingEvents.get(e.uuid);
    const created = !row && firstNew.get(e.uuid) === i;
    const eventId = row ? Number(row.id) : newIds.get(e.uuid)!;
    let existingAttrs: Map<string, Row> | null = null;
    if (!created) {
      const current = row ?? ((await client.query('SELECT * FROM events WHERE id = $1', [eventId])).rows[0] as Row);
      if (rowDiffers(EVENT_COLS, current, vals)) {
        const set = EVENT_COLS.map((c, j) => `"${c}" = $${j + 1}${EVENT_PG_TYPES[j] === 'jsonb' ? '::jsonb' : ''}`).join(', ');
        await client.query(`UPDATE events SET ${set} WHERE id = $${EVENT_COLS.length + 1}`, [...vals, eventId]);
        changed = true;
      }
      existingAttrs = new Map(((await client.query('SELECT * FROM attributes WHERE event_id = $1', [eventId])).rows as Row[]).map((r) => [String(r.uuid), r]));
    }
    const p: Pending = {
      result: { uuid: e.uuid, eventId, status: created ? 'created' : 'unchanged', attributesCreated: 0, attributesUpdated: 0, attributesUnchanged: 0 },
      changed,
    };
    pendings.push(p);
    const objects = await saveObjects(ctx, e, eventId);
    if (objects.changed) p.changed = true;
    const all = [
      ...e.attributes.map((a) => ({ a, objectId: null as number | null })),
      ...e.objects.flatMap((o) => o.attributes.map((a) => ({ a, objectId: objects.ids.get(o.uuid) ?? null }))),
    ];
    for (const { a, objectId } of all) {
      const avals = attributeValues(a, { eventId, objectId, sgId: await ctx.sharingGroupId(a.sharingGroupUuid) });
      const existing = existingAttrs?.get(a.uuid);
      if (existing) updates.push({ row: existing, vals: avals, a, p });
      else newAttrs.push({ vals: avals, a, p });
    }
  }
  // Insert new attributes in bulk; uuids already stored elsewhere come back missing and are updated instead.
  const byUuid = new Map<string, (typeof newAttrs)[number]>();
  for (const n of newAttrs) byUuid.set(n.a.uuid, n);
  const inserted = await bulkInsert(client, 'attributes', ATTR_COLS, ATTR_PG_TYPES, [...byUuid.values()].map((n) => n.vals), 'ON CONFLICT (uuid) DO NOTHING RETURNING id, uuid');
  const insertedUuids = new Set<string>();
  for (const r of inserted) {
    const n = byUuid.get(String(r.uuid))!;
    insertedUuids.add(n.a.uuid);
    n.p.result.attributesCreated++;
    if (!n.a.deleted) idx.add(Number(r.id), n.a.type, n.a.value);
  }
  const conflicts = [...byUuid.values()].filter((n) => !insertedUuids.has(n.a.uuid));
  if (conflicts.length) {
    const rows = (await client.query('SELECT * FROM attributes WHERE uuid = ANY($1::text[])', [conflicts.map((c) => c.a.uuid)])).rows as Row[];
    const m = new Map(rows.map((r) => [String(r.uuid), r]));
    for (const c of conflicts) {
      const stored = m.get(c.a.uuid)!;
      checkSameEvent(Number(stored.event_id), Number(c.vals[1]), 'attribute', c.a.uuid);
      updates.push({ row: stored, vals: c.vals, a: c.a, p: c.p });
    }
  }
  for (const u of updates) await updateAttribute(client, u.row, u.vals, u.a, idx, u.p);
  await idx.flush(client);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const p = pendings[i]!;
    for (const s of e.sightings) {
      const attr = (await client.query('SELECT id, event_id FROM attributes WHERE uuid = $1', [s.attributeUuid])).rows[0] as Row | undefined;
      if (!attr || Number(attr.event_id) !== p.result.eventId) continue;
      const org = await ctx.ensureOrg(s.org);
      const res = await client.query(
        `INSERT INTO sightings (uuid, attribute_id, event_id, org_id, type, source, date_sighting) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (uuid) DO NOTHING`,
        [s.uuid, attr.id, attr.event_id, org.id, s.type, s.source ?? '', s.dateSighting],
      );
      if ((res.rowCount ?? 0) > 0) p.changed = true;
    }
    if (p.result.status !== 'created' && (p.changed || p.result.attributesCreated > 0 || p.result.attributesUpdated > 0)) p.result.status = 'updated';
  }
  return pendings.map((p) => p.result);
}
