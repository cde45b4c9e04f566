/**
 * The SQLite adapter of the intel store (better-sqlite3, WAL, prepared statements, one transaction per
 * saveEvents batch). Shares its connection with other modules' adapters (node-meta, hub, stats, taxii).
 */
import type { Database } from 'better-sqlite3';
import { v4 as uuidv4 } from 'uuid';
import type { EventInput, OrgRef, SharingGroupInput, SightingInput } from '../../core/model/event.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import { tlpAtMost, tlpOf as tlpOfTags, type Tlp } from '../../core/sharing/tlp.ts';
import { RenkeiError } from '../../core/errors.ts';
import type {
  AttributeQuery, EventQuery, FullEvent, IntelStore, LookupProbes, LookupRow, Organisation, Page, SaveEventResult, SaveOptions,
  SharingGroup, SharingGroupPatch, StoredAttribute, StoredEvent, StoredSighting,
} from '../port.ts';
import { checkGroupManager, checkGroupReference, refuseWrite, type WriteActor } from '../common/ownership.ts';
import { toEvent, toOrg, toSighting, type Row } from '../common/rows.ts';
import { eventVisibleSql } from '../common/visibility.ts';
import { runMigrations } from './migrate.ts';
import { SQLITE_INTEL_STEPS } from './schema.ts';
import { registerSqliteFunctions } from './sqlite-functions.ts';
import { SqliteLookup } from './sqlite-lookup.ts';
import { countAttributesByEvent, fullEvent, getEvent, searchAttributes, searchEvents, sharingGroupById } from './sqlite-read.ts';
import { indexAttribute, saveEventSync, SqliteIndexWriter, type SaveContext } from './sqlite-save.ts';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.ts';

export class SqliteIntelStore implements IntelStore {
  private st: SqliteStatements | null = null;
  private lookupImpl: SqliteLookup | null = null;
  private readonly orgCache = new Map<string, Organisation>();

  constructor(readonly db: Database) {
    registerSqliteFunctions(db);
  }

  async migrate(): Promise<void> {
    runMigrations(this.db, 'intel', SQLITE_INTEL_STEPS);
    this.statements();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private statements(): SqliteStatements {
    this.st ??= prepareStatements(this.db);
    return this.st;
  }

  private lookuper(): SqliteLookup {
    this.lookupImpl ??= new SqliteLookup(this.db);
    return this.lookupImpl;
  }

  /** Synchronous ensureOrg for use inside transactions. */
  ensureOrgSync(org: OrgRef): Organisation {
    const st = this.statements();
    const cached = (org.uuid && this.orgCache.get(`u:${org.uuid}`)) || this.orgCache.get(`n:${org.name}`);
    if (cached) return cached;
    let row = (org.uuid ? st.orgByUuid.get(org.uuid) : undefined) as Row | undefined;
    row ??= st.orgByName.get(org.name) as Row | undefined;
    if (!row) {
      const id = Number(st.insertOrg.run(org.uuid ?? uuidv4(), org.name).lastInsertRowid);
      row = st.orgById.get(id) as Row;
    }
    const o = toOrg(row);
    this.orgCache.set(`u:${o.uuid}`, o);
    this.orgCache.set(`n:${o.name}`, o);
    if (org.uuid) this.orgCache.set(`u:${org.uuid}`, o);
    return o;
  }

  private upsertSharingGroupSync(sg: SharingGroupInput, creatorOrgId: number | null = null): { group: SharingGroup; changed: boolean } {
    const st = this.statements();
    const row = st.sgByUuid.get(sg.uuid) as Row | undefined;
    const desc = sg.description ?? '';
    const rel = sg.releasability ?? '';
    let id: number;
    let changed = false;
    if (!row) {
      id = Number(st.insertSg.run(sg.uuid, sg.name, desc, rel, creatorOrgId).lastInsertRowid);
      changed = true;
    } else {
      id = Number(row.id);
      if (row.name !== sg.name || row.description !== desc || row.releasability !== rel) {
        st.updateSg.run(sg.name, desc, rel, id);
        changed = true;
      }
    }
    const orgIds = [...new Set([...sg.orgs.map((o) => this.ensureOrgSync(o).id), ...(creatorOrgId !== null && !row ? [creatorOrgId] : [])])].sort((a, b) => a - b);
    const before = sharingGroupById(this.db, id)!;
    if (before.orgIds.join(',') !== orgIds.join(',')) {
      this.db.prepare('DELETE FROM sharing_group_orgs WHERE sharing_group_id = ?').run(id);
      for (const o of orgIds) st.insertSgOrg.run(id, o);
      changed = true;
    }
    return { group: sharingGroupById(this.db, id)!, changed };
  }

  /** An event body's group: an existing one is referenced unchanged (writer must belong to it); a new one is created by the writer. */
  private referenceSharingGroupSync(sg: SharingGroupInput, actor: WriteActor): { group: SharingGroup; changed: boolean } {
    const row = this.statements().sgByUuid.get(sg.uuid) as Row | undefined;
    if (!row) return this.upsertSharingGroupSync(sg, actor.orgId);
    const group = sharingGroupById(this.db, Number(row.id))!;
    checkGroupReference(group, actor, sg.uuid);
    return { group, changed: false };
  }

  private sharingGroupRow(idOrUuid: number | string): SharingGroup | null {
    const row = (typeof idOrUuid === 'number' ? { id: idOrUuid } : (this.statements().sgByUuid.get(idOrUuid) as Row | undefined)) ?? null;
    return row ? sharingGroupById(this.db, Number(row.id)) : null;
  }

  private managedGroup(idOrUuid: number | string, actor: WriteActor): SharingGroup {
    const g = this.sharingGroupRow(idOrUuid);
    if (!g) throw new RenkeiError('not_found', `no sharing group ${idOrUuid}`);
    checkGroupManager(g, actor, g.uuid);
    return g;
  }

  async getSharingGroup(idOrUuid: number | string): Promise<SharingGroup | null> {
    return this.sharingGroupRow(idOrUuid);
  }

  async createSharingGroup(sg: SharingGroupInput, actor: WriteActor): Promise<SharingGroup> {
    return this.db
      .transaction(() => {
        if (this.statements().sgByUuid.get(sg.uuid)) throw new RenkeiError('conflict', `sharing group ${sg.uuid} already exists`);
        return this.upsertSharingGroupSync(sg, actor.orgId).group;
      })
      .immediate();
  }

  async updateSharingGroup(idOrUuid: number | string, patch: SharingGroupPatch, actor: WriteActor): Promise<SharingGroup> {
    return this.db
      .transaction(() => {
        const g = this.managedGroup(idOrUuid, actor);
        this.statements().updateSg.run(patch.name ?? g.name, patch.description ?? g.description, patch.releasability ?? g.releasability, g.id);
        return sharingGroupById(this.db, g.id)!;
      })
      .immediate();
  }

  async setSharingGroupMember(idOrUuid: number | string, orgId: number, member: boolean, actor: WriteActor): Promise<SharingGroup> {
    return this.db
      .transaction(() => {
        const g = this.managedGroup(idOrUuid, actor);
        if (!this.statements().orgById.get(orgId)) throw new RenkeiError('not_found', `no organisation ${orgId}`);
        if (member) this.statements().insertSgOrg.run(g.id, orgId);
        else {
          if (orgId === g.creatorOrgId) throw new RenkeiError('conflict', 'the creating organisation stays a member of its sharing group');
          this.db.prepare('DELETE FROM sharing_group_orgs WHERE sharing_group_id = ? AND org_id = ?').run(g.id, orgId);
        }
        return sharingGroupById(this.db, g.id)!;
      })
      .immediate();
  }

  private saveContext(): SaveContext {
    const sgIds = new Map<string, number | null>();
    const ctx: SaveContext = {
      db: this.db,
      st: this.statements(),
      ensureOrg: (o) => this.ensureOrgSync(o),
      referenceSharingGroup: (sg, actor) => {
        const r = this.referenceSharingGroupSync(sg, actor);
        sgIds.set(sg.uuid, r.group.id);
        return r;
      },
      sharingGroupId: (uuid) => {
        if (uuid === null) return null;
        if (!sgIds.has(uuid)) sgIds.set(uuid, ((this.statements().sgByUuid.get(uuid) as Row | undefined)?.id as number | undefined) ?? null);
        return sgIds.get(uuid) ?? null;
      },
      index: new SqliteIndexWriter(this.db, this.statements()),
    };
    return ctx;
  }

  async ensureOrg(org: { name: string; uuid?: string }): Promise<Organisation> {
    return this.ensureOrgSync(org);
  }

  async getOrg(idOrUuidOrName: number | string): Promise<Organisation | null> {
    const st = this.statements();
    const row = (typeof idOrUuidOrName === 'number'
      ? st.orgById.get(idOrUuidOrName)
      : (st.orgByUuid.get(idOrUuidOrName) ?? st.orgByName.get(idOrUuidOrName))) as Row | undefined;
    return row ? toOrg(row) : null;
  }

  async listOrgs(): Promise<Organisation[]> {
    return (this.db.prepare('SELECT * FROM orgs ORDER BY id').all() as Row[]).map(toOrg);
  }

  async upsertSharingGroup(sg: SharingGroupInput, creatorOrgId?: number): Promise<SharingGroup> {
    return this.db.transaction(() => this.upsertSharingGroupSync(sg, creatorOrgId ?? null).group).immediate();
  }

  async listSharingGroups(): Promise<SharingGroup[]> {
    const ids = (this.db.prepare('SELECT id FROM sharing_groups ORDER BY id').all() as Row[]).map((r) => Number(r.id));
    return ids.map((id) => sharingGroupById(this.db, id)!);
  }

  async sharingGroupIdsForOrg(orgId: number): Promise<number[]> {
    return (this.db.prepare('SELECT sharing_group_id FROM sharing_group_orgs WHERE org_id = ? ORDER BY 1').all(orgId) as Row[]).map((r) =>
      Number(r.sharing_group_id),
    );
  }

  async saveEvents(events: EventInput[], ownerOrgId: number, opts?: SaveOptions): Promise<SaveEventResult[]> {
    const ctx = this.saveContext();
    try {
      return this.db
        .transaction(() => {
          const out = events.map((e) => saveEventSync(ctx, e, ownerOrgId, opts?.admin ?? false));
          ctx.index.flush();
          return out;
        })
        .immediate();
    } finally {
      // Every save may change event rows the lookup caches (distribution, TLP, tags), not only ranges.
      this.lookupImpl?.invalidate();
      this.orgCache.clear(); // a rolled-back batch may have cached orgs that no longer exist
    }
  }

  async deleteEvent(idOrUuid: number | string, actor?: WriteActor): Promise<boolean> {
    const st = this.statements();
    return this.db
      .transaction(() => {
        const row = (typeof idOrUuid === 'number' ? st.eventById.get(idOrUuid) : st.eventByUuid.get(idOrUuid)) as Row | undefined;
        if (!row) return false;
        if (actor && Number(row.org_id) !== actor.orgId && !actor.admin) refuseWrite('not_owner', String(row.uuid));
        const id = Number(row.id);
        for (const a of st.attrsOfEvent.all(id) as Row[]) {
          if (Number(a.deleted) !== 1) indexAttribute(this.db, st, Number(a.id), String(a.type), String(a.value), true);
        }
        this.lookupImpl?.invalidate();
        this.db.prepare('DELETE FROM object_references WHERE object_id IN (SELECT id FROM objects WHERE event_id = ?)').run(id);
        for (const t of ['attributes', 'objects', 'sightings']) this.db.prepare(`DELETE FROM ${t} WHERE event_id = ?`).run(id);
        this.db.prepare('DELETE FROM events WHERE id = ?').run(id);
        return true;
      })
      .immediate();
  }

  async getEvent(idOrUuid: number | string, viewer: Viewer, opts?: { includeDeleted?: boolean }): Promise<FullEvent | null> {
    return getEvent(this.db, idOrUuid, viewer, opts?.includeDeleted ?? false);
  }

  async searchEvents(q: EventQuery, viewer: Viewer): Promise<Page<StoredEvent>> {
    return searchEvents(this.db, q, viewer);
  }

  async searchAttributes(q: AttributeQuery, viewer: Viewer): Promise<Page<{ attribute: StoredAttribute; event: StoredEvent }>> {
    return searchAttributes(this.db, q, viewer);
  }

  async countAttributesByEvent(q: AttributeQuery, viewer: Viewer): Promise<Map<number, number>> {
    return countAttributesByEvent(this.db, q, viewer);
  }

  async *iterateEvents(viewer: Viewer, opts?: { maxTlp?: Tlp; batchSize?: number }): AsyncIterable<FullEvent> {
    const batch = Math.max(1, opts?.batchSize ?? 100);
    const stmt = this.db.prepare(`SELECT e.* FROM events e WHERE e.id > ? AND ${eventVisibleSql(viewer)} ORDER BY e.id LIMIT ?`);
    let last = 0;
    for (;;) {
      const rows = stmt.all(last, batch) as Row[];
      if (rows.length === 0) return;
      for (const r of rows) {
        const e = toEvent(r);
        last = e.id;
        if (opts?.maxTlp && !tlpAtMost(e.tlp, opts.maxTlp)) continue;
        const full = fullEvent(this.db, e, viewer);
        if (opts?.maxTlp) {
          const max = opts.maxTlp;
          full.attributes = full.attributes.filter((a) => tlpAtMost(tlpOfTags(a.tags), max));
        }
        yield full;
      }
    }
  }

  async lookup(probes: LookupProbes, viewer: Viewer): Promise<LookupRow[]> {
    return this.lookuper().lookup(probes, viewer);
  }

  async addSightings(sightings: SightingInput[]): Promise<StoredSighting[]> {
    const st = this.statements();
    return this.db
      .transaction(() => {
        const out: StoredSighting[] = [];
        for (const s of sightings) {
          const attr = st.attrByUuid.get(s.attributeUuid) as Row | undefined;
          if (!attr) continue;
          const org = this.ensureOrgSync(s.org);
          // A new expiration replaces the same organisation's earlier one (MISP semantics).
          if (s.type === 2) st.deleteExpirations.run(attr.id, org.id);
          st.insertSighting.run(s.uuid, attr.id, attr.event_id, org.id, s.type, s.source ?? '', s.dateSighting);
          const row = this.db.prepare('SELECT * FROM sightings WHERE uuid = ?').get(s.uuid) as Row | undefined;
          if (row) out.push(toSighting(row));
        }
        return out;
      })
      .immediate();
  }

  async ownerOrgIds(): Promise<number[]> {
    return (this.db.prepare('SELECT DISTINCT org_id FROM events ORDER BY 1').all() as Row[]).map((r) => Number(r.org_id));
  }

  async sharingDigest(): Promise<string> {
    const r = this.db.prepare('SELECT count(*) AS n, COALESCE(SUM(timestamp), 0) AS ts, COALESCE(SUM((tlp + 2) * 7 + distribution * 131 + COALESCE(sharing_group_id, 0) * 1009), 0) AS sh FROM events').get() as Row;
    return `${r.n}:${r.ts}:${r.sh}`;
  }

  async counts(): Promise<{ events: number; attributes: number; orgs: number; sightings: number }> {
    const n = (t: string) => Number((this.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as Row).n);
    return { events: n('events'), attributes: n('attributes'), orgs: n('orgs'), sightings: n('sightings') };
  }
}
