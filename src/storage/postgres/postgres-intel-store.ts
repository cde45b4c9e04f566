/**
 * The PostgreSQL adapter of the intel store (`pg` Pool; one transaction per saveEvents batch; bulk
 * UNNEST inserts). Shares its pool and schema with other modules' adapters.
 */
import type { Pool, PoolClient } from 'pg';
import { v4 as uuidv4 } from 'uuid';
import type { EventInput, OrgRef, SharingGroupInput, SightingInput } from '../../core/model/event.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import { tlpAtMost, tlpOf, type Tlp } from '../../core/sharing/tlp.ts';
import { RenkeiError } from '../../core/errors.ts';
import type {
  AttributeQuery, EventQuery, FullEvent, IntelStore, LookupProbes, LookupRow, Organisation, Page, SaveEventResult, SaveOptions,
  SharingGroup, SharingGroupPatch, StoredAttribute, StoredEvent, StoredSighting,
} from '../port.ts';
import { checkGroupManager, checkGroupReference, refuseWrite, type WriteActor } from '../common/ownership.ts';
import { toEvent, toOrg, toSighting, type Row } from '../common/rows.ts';
import { eventVisibleSql } from '../common/visibility.ts';
import { indexEntries } from '../../core/matching/index-entries.ts';
import { runMigrations } from './migrate.ts';
import { AnalyzeAfterGrowth } from './analyze-after-growth.ts';
import { PostgresLookup } from './postgres-lookup.ts';
import { countAttributesByEvent, fullEvent, getEvent, searchAttributes, searchEvents, sharingGroupById, type Queryable } from './postgres-read.ts';
import { saveEventsPg } from './postgres-save.ts';
import { POSTGRES_INTEL_STEPS } from './schema.ts';

async function one(q: Queryable, text: string, params: unknown[] = []): Promise<Row | undefined> {
  return (await q.query(text, params)).rows[0] as Row | undefined;
}

export class PostgresIntelStore implements IntelStore {
  private readonly lookupImpl: PostgresLookup;
  private readonly analyzer: AnalyzeAfterGrowth;
  private closed = false;

  constructor(readonly pool: Pool) {
    this.lookupImpl = new PostgresLookup(pool);
    this.analyzer = new AnalyzeAfterGrowth(pool);
  }

  async migrate(): Promise<void> {
    await runMigrations(this.pool, 'intel', POSTGRES_INTEL_STEPS);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async ensureOrgOn(q: Queryable, org: OrgRef): Promise<Organisation> {
    let row = org.uuid ? await one(q, 'SELECT * FROM orgs WHERE uuid = $1', [org.uuid]) : undefined;
    row ??= await one(q, 'SELECT * FROM orgs WHERE name = $1', [org.name]);
    if (!row) {
      row = await one(q, 'INSERT INTO orgs (uuid, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING *', [org.uuid ?? uuidv4(), org.name]);
      row ??= await one(q, 'SELECT * FROM orgs WHERE name = $1', [org.name]);
    }
    return toOrg(row!);
  }

  private async upsertSgOn(
    q: Queryable,
    sg: SharingGroupInput,
    ensureOrg: (o: OrgRef) => Promise<Organisation>,
    creatorOrgId: number | null = null,
  ): Promise<{ group: SharingGroup; changed: boolean }> {
    const desc = sg.description ?? '';
    const rel = sg.releasability ?? '';
    const row = await one(q, 'SELECT * FROM sharing_groups WHERE uuid = $1', [sg.uuid]);
    let id: number;
    let changed = false;
    if (!row) {
      id = Number(
        (await one(q, 'INSERT INTO sharing_groups (uuid, name, description, releasability, org_id) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
          sg.uuid, sg.name, desc, rel, creatorOrgId,
        ]))!.id,
      );
      changed = true;
    } else {
      id = Number(row.id);
      if (row.name !== sg.name || row.description !== desc || row.releasability !== rel) {
        await q.query('UPDATE sharing_groups SET name = $1, description = $2, releasability = $3 WHERE id = $4', [sg.name, desc, rel, id]);
        changed = true;
      }
    }
    const orgIds: number[] = [];
    for (const o of sg.orgs) orgIds.push((await ensureOrg(o)).id);
    if (creatorOrgId !== null && !row) orgIds.push(creatorOrgId);
    const wanted = [...new Set(orgIds)].sort((a, b) => a - b);
    const before = (await sharingGroupById(q, id))!;
    if (before.orgIds.join(',') !== wanted.join(',')) {
      await q.query('DELETE FROM sharing_group_orgs WHERE sharing_group_id = $1', [id]);
      await q.query('INSERT INTO sharing_group_orgs (sharing_group_id, org_id) SELECT $1, UNNEST($2::integer[])', [id, wanted]);
      changed = true;
    }
    return { group: (await sharingGroupById(q, id))!, changed };
  }

  async ensureOrg(org: { name: string; uuid?: string }): Promise<Organisation> {
    return this.ensureOrgOn(this.pool, org);
  }

  async getOrg(idOrUuidOrName: number | string): Promise<Organisation | null> {
    const row =
      typeof idOrUuidOrName === 'number'
        ? await one(this.pool, 'SELECT * FROM orgs WHERE id = $1', [idOrUuidOrName])
        : await one(this.pool, 'SELECT * FROM orgs WHERE uuid = $1 OR name = $1 ORDER BY (uuid = $1) DESC LIMIT 1', [idOrUuidOrName]);
    return row ? toOrg(row) : null;
  }

  async listOrgs(): Promise<Organisation[]> {
    return ((await this.pool.query('SELECT * FROM orgs ORDER BY id')).rows as Row[]).map(toOrg);
  }

  async upsertSharingGroup(sg: SharingGroupInput, creatorOrgId?: number): Promise<SharingGroup> {
    return this.tx(async (c) => (await this.upsertSgOn(c, sg, (o) => this.ensureOrgOn(c, o), creatorOrgId ?? null)).group);
  }

  /** An event body's group: an existing one is referenced unchanged (writer must belong to it); a new one is created by the writer. */
  private async referenceSgOn(q: Queryable, sg: SharingGroupInput, actor: WriteActor, ensureOrg: (o: OrgRef) => Promise<Organisation>) {
    const row = await one(q, 'SELECT id FROM sharing_groups WHERE uuid = $1', [sg.uuid]);
    if (!row) return this.upsertSgOn(q, sg, ensureOrg, actor.orgId);
    const group = (await sharingGroupById(q, Number(row.id)))!;
    checkGroupReference(group, actor, sg.uuid);
    return { group, changed: false };
  }

  private async sgOn(q: Queryable, idOrUuid: number | string, lock = false): Promise<SharingGroup | null> {
    const row = await one(q, `SELECT id FROM sharing_groups WHERE ${typeof idOrUuid === 'number' ? 'id' : 'uuid'} = $1${lock ? ' FOR UPDATE' : ''}`, [idOrUuid]);
    return row ? sharingGroupById(q, Number(row.id)) : null;
  }

  private async managedGroupOn(q: Queryable, idOrUuid: number | string, actor: WriteActor): Promise<SharingGroup> {
    const g = await this.sgOn(q, idOrUuid, true);
    if (!g) throw new RenkeiError('not_found', `no sharing group ${idOrUuid}`);
    checkGroupManager(g, actor, g.uuid);
    return g;
  }

  async getSharingGroup(idOrUuid: number | string): Promise<SharingGroup | null> {
    return this.sgOn(this.pool, idOrUuid);
  }

  async createSharingGroup(sg: SharingGroupInput, actor: WriteActor): Promise<SharingGroup> {
    return this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('renkei:sharing_group:' || $1))", [sg.uuid]);
      if (await one(c, 'SELECT id FROM sharing_groups WHERE uuid = $1', [sg.uuid])) throw new RenkeiError('conflict', `sharing group ${sg.uuid} already exists`);
      return (await this.upsertSgOn(c, sg, (o) => this.ensureOrgOn(c, o), actor.orgId)).group;
    });
  }

  async updateSharingGroup(idOrUuid: number | string, patch: SharingGroupPatch, actor: WriteActor): Promise<SharingGroup> {
    return this.tx(async (c) => {
      const g = await this.managedGroupOn(c, idOrUuid, actor);
      await c.query('UPDATE sharing_groups SET name = $1, description = $2, releasability = $3 WHERE id = $4', [
        patch.name ?? g.name, patch.description ?? g.description, patch.releasability ?? g.releasability, g.id,
      ]);
      return (await sharingGroupById(c, g.id))!;
    });
  }

  async setSharingGroupMember(idOrUuid: number | string, orgId: number, member: boolean, actor: WriteActor): Promise<SharingGroup> {
    return this.tx(async (c) => {
      const g = await this.managedGroupOn(c, idOrUuid, actor);
      if (!(await one(c, 'SELECT id FROM orgs WHERE id = $1', [orgId]))) throw new RenkeiError('not_found', `no organisation ${orgId}`);
      if (member) await c.query('INSERT INTO sharing_group_orgs (sharing_group_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [g.id, orgId]);
      else {
        if (orgId === g.creatorOrgId) throw new RenkeiError('conflict', 'the creating organisation stays a member of its sharing group');
        await c.query('DELETE FROM sharing_group_orgs WHERE sharing_group_id = $1 AND org_id = $2', [g.id, orgId]);
      }
      return (await sharingGroupById(c, g.id))!;
    });
  }

  async listSharingGroups(): Promise<SharingGroup[]> {
    const ids = ((await this.pool.query('SELECT id FROM sharing_groups ORDER BY id')).rows as Row[]).map((r) => Number(r.id));
    const out: SharingGroup[] = [];
    for (const id of ids) out.push((await sharingGroupById(this.pool, id))!);
    return out;
  }

  async sharingGroupIdsForOrg(orgId: number): Promise<number[]> {
    const r = await this.pool.query('SELECT sharing_group_id FROM sharing_group_orgs WHERE org_id = $1 ORDER BY 1', [orgId]);
    return (r.rows as Row[]).map((x) => Number(x.sharing_group_id));
  }

  async saveEvents(events: EventInput[], ownerOrgId: number, opts?: SaveOptions): Promise<SaveEventResult[]> {
    if (!events.length) return [];
    const out = await this.tx(async (client) => {
      const orgs = new Map<string, Organisation>();
      const sgIds = new Map<string, number | null>();
      const ensureOrg = async (o: OrgRef) => {
        const k = `${o.uuid ?? ''}\u0000${o.name}`;
        let org = orgs.get(k);
        if (!org) orgs.set(k, (org = await this.ensureOrgOn(client, o)));
        return org;
      };
      return saveEventsPg(
        {
          client,
          ensureOrg,
          referenceSharingGroup: async (sg, actor) => {
            const r = await this.referenceSgOn(client, sg, actor, ensureOrg);
            sgIds.set(sg.uuid, r.group.id);
            return r;
          },
          sharingGroupId: async (uuid) => {
            if (uuid === null) return null;
            if (!sgIds.has(uuid)) sgIds.set(uuid, ((await one(client, 'SELECT id FROM sharing_groups WHERE uuid = $1', [uuid]))?.id as number | undefined) ?? null);
            return sgIds.get(uuid) ?? null;
          },
        },
        events,
        ownerOrgId,
        opts?.admin ?? false,
      );
    });
    this.lookupImpl.invalidate();
    await this.analyzer.wrote(out.reduce((n, r) => n + r.attributesCreated + r.attributesUpdated, 0));
    return out;
  }

  async deleteEvent(idOrUuid: number | string, actor?: WriteActor): Promise<boolean> {
    const done = await this.tx(async (c) => {
      const row = await one(c, `SELECT id, uuid, org_id FROM events WHERE ${typeof idOrUuid === 'number' ? 'id' : 'uuid'} = $1 FOR UPDATE`, [idOrUuid]);
      if (!row) return false;
      if (actor && Number(row.org_id) !== actor.orgId && !actor.admin) refuseWrite('not_owner', String(row.uuid));
      const id = Number(row.id);
      const keys: string[] = [], keyIds: number[] = [], pts: string[] = [], ptIds: number[] = [], rgs: string[] = [], rgIds: number[] = [];
      for (const a of (await c.query('SELECT id, type, value FROM attributes WHERE event_id = $1 AND deleted = 0', [id])).rows as Row[]) {
        const e = indexEntries(String(a.type), String(a.value));
        for (const k of e.keys) keys.push(k.key), keyIds.push(Number(a.id));
        for (const p of e.points) pts.push(p), ptIds.push(Number(a.id));
        for (const r of e.ranges) rgs.push(r.start), rgIds.push(Number(a.id));
      }
      const del = (table: string, col: string, k: string[], ids: number[]) =>
        c.query(`DELETE FROM ${table} t USING UNNEST($1::text[], $2::integer[]) AS u(k, id) WHERE t.${col} = u.k AND t.attribute_id = u.id`, [k, ids]);
      await del('value_index', 'key', keys, keyIds);
      await del('ip_points', 'start', pts, ptIds);
      await del('ip_ranges', 'start', rgs, rgIds);
      await c.query('DELETE FROM object_references WHERE object_id IN (SELECT id FROM objects WHERE event_id = $1)', [id]);
      for (const t of ['attributes', 'objects', 'sightings']) await c.query(`DELETE FROM ${t} WHERE event_id = $1`, [id]);
      await c.query('DELETE FROM events WHERE id = $1', [id]);
      return true;
    });
    this.lookupImpl.invalidate();
    return done;
  }

  async getEvent(idOrUuid: number | string, viewer: Viewer, opts?: { includeDeleted?: boolean }): Promise<FullEvent | null> {
    return getEvent(this.pool, idOrUuid, viewer, opts?.includeDeleted ?? false);
  }

  async searchEvents(q: EventQuery, viewer: Viewer): Promise<Page<StoredEvent>> {
    return searchEvents(this.pool, q, viewer);
  }

  async searchAttributes(q: AttributeQuery, viewer: Viewer): Promise<Page<{ attribute: StoredAttribute; event: StoredEvent }>> {
    return searchAttributes(this.pool, q, viewer);
  }

  async countAttributesByEvent(q: AttributeQuery, viewer: Viewer): Promise<Map<number, number>> {
    return countAttributesByEvent(this.pool, q, viewer);
  }

  async *iterateEvents(viewer: Viewer, opts?: { maxTlp?: Tlp; batchSize?: number }): AsyncIterable<FullEvent> {
    const batch = Math.max(1, opts?.batchSize ?? 100);
    let last = 0;
    for (;;) {
      const rows = (await this.pool.query(`SELECT e.* FROM events e WHERE e.id > $1 AND ${eventVisibleSql(viewer)} ORDER BY e.id LIMIT $2`, [last, batch]))
        .rows as Row[];
      if (!rows.length) return;
      for (const r of rows) {
        const e = toEvent(r);
        last = e.id;
        if (opts?.maxTlp && !tlpAtMost(e.tlp, opts.maxTlp)) continue;
        const full = await fullEvent(this.pool, e, viewer);
        const max = opts?.maxTlp;
        if (max) full.attributes = full.attributes.filter((a) => tlpAtMost(tlpOf(a.tags), max));
        yield full;
      }
    }
  }

  async lookup(probes: LookupProbes, viewer: Viewer): Promise<LookupRow[]> {
    return this.lookupImpl.lookup(probes, viewer);
  }

  async addSightings(sightings: SightingInput[]): Promise<StoredSighting[]> {
    return this.tx(async (c) => {
      const out: StoredSighting[] = [];
      for (const s of sightings) {
        const attr = await one(c, 'SELECT id, event_id FROM attributes WHERE uuid = $1', [s.attributeUuid]);
        if (!attr) continue;
        const org = await this.ensureOrgOn(c, s.org);
        if (s.type === 2) await c.query('DELETE FROM sightings WHERE attribute_id = $1 AND org_id = $2 AND type = 2', [attr.id, org.id]);
        await c.query(
          `INSERT INTO sightings (uuid, attribute_id, event_id, org_id, type, source, date_sighting) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (uuid) DO NOTHING`,
          [s.uuid, attr.id, attr.event_id, org.id, s.type, s.source ?? '', s.dateSighting],
        );
        const row = await one(c, 'SELECT * FROM sightings WHERE uuid = $1', [s.uuid]);
        if (row) out.push(toSighting(row));
      }
      return out;
    });
  }

  async ownerOrgIds(): Promise<number[]> {
    return ((await this.pool.query('SELECT DISTINCT org_id FROM events ORDER BY 1')).rows as Row[]).map((r) => Number(r.org_id));
  }

  async sharingDigest(): Promise<string> {
    const r = (await one(this.pool, 'SELECT count(*) AS n, COALESCE(SUM(timestamp), 0) AS ts, COALESCE(SUM((tlp + 2) * 7 + distribution * 131 + COALESCE(sharing_group_id, 0) * 1009), 0) AS sh FROM events'))!;
    return `${r.n}:${r.ts}:${r.sh}`;
  }

  async counts(): Promise<{ events: number; attributes: number; orgs: number; sightings: number }> {
    const r = (await one(
      this.pool,
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM attributes) AS a, (SELECT count(*) FROM orgs) AS o, (SELECT count(*) FROM sightings) AS s',
    ))!;
    return { events: Number(r.e), attributes: Number(r.a), orgs: Number(r.o), sightings: Number(r.s) };
  }
}
