/**
 * A member's incident cases: the service every path (API, export, safe status) goes through. Reads
 * and writes pass the caller's org to the store, which filters on it in each query; `assertMay`
 * adds the role rules. Every write is audited with ids and counts only (titles and hosts are internal).
 */
import { createHash } from 'node:crypto';
import { caseDamageInputs } from '../../core/cases/case-damage.ts';
import type { CaseDamageSettings, CaseOutcome, CaseRecord, CaseState } from '../../core/cases/case-model.ts';
import type { CaseReportInput } from '../../core/cases/case-report-doc.ts';
import { parseHostCsv, type RowError } from '../../core/cases/host-csv.ts';
import { deriveSafeStatus, type SafeStatus } from '../../core/cases/safe-status.ts';
import { currentRevision, planTasks, type SoapContent } from '../../core/cases/soap.ts';
import { FIRST_STEP_TASKS } from '../../core/cases/template.ts';
import { checkTransition, nextStates } from '../../core/cases/transitions.ts';
import { repairPriority, type HostTag } from '../../core/cases/triage.ts';
import { estimateDamage } from '../../core/damage/estimate.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { CasePatch, CaseStore, HostOrder, NewHost, NewTimelineEvent, OrgDamageSettings, StoredAttachment, TaskPatch } from '../../storage/cases/port.ts';
import { assertMay, assertMaySetOrgFigures, type CaseActor } from './case-access.ts';
import { decodeHostCursor, encodeHostCursor } from './host-cursor.ts';
import { roomMemberStatus, roomStatusNote, type CaseRoomPort } from './room-share.ts';
import { damageView } from './damage-view.ts';

export interface CaseActorFull extends CaseActor {
  login: string;
  orgName: string;
}

export interface CaseServiceDeps {
  store: CaseStore;
  /** The org a user belongs to (owners must be of the case's org). */
  userOrg(userId: number): Promise<{ orgId: number; login: string } | null>;
  audit(e: { actorUserId: number; actorOrg: string; action: string; count: number | null; detail: string }): Promise<void>;
  now(): number;
  limits: { maxHostsPerCase: number; maxImportRows: number };
  /** Community incident rooms (the observations slice); without it, sharing answers `unavailable`. */
  rooms?: CaseRoomPort | undefined;
}

/** Hosts of the repair list the management report names. */
const REPORT_REPAIR_LIST = 20;

const EMPTY_DAMAGE: CaseDamageSettings = { annualRevenueYen: null, businessDays: null, hoursPerDay: null, downtimeHoursOverride: null, impactOverride: null };

export interface CaseCreateInput {
  title: string;
  description: string;
  severity: CaseRecord['severity'];
  tlp: CaseRecord['tlp'];
  pap: CaseRecord['pap'];
  ownerUserId?: number | null | undefined;
  template: 'first_steps' | 'none';
  lang: 'ja' | 'en';
  damage?: Partial<CaseDamageSettings> | undefined;
}

export type CaseUpdateInput = Partial<Omit<CasePatch, 'state' | 'outcome' | 'closedAt' | 'damage'> & { damage: Partial<CaseDamageSettings> }>;

/** Builds the cases service. */
export function createCaseService(d: CaseServiceDeps) {
  const { store } = d;
  const audit = (who: CaseActorFull, action: string, caseId: number, count: number | null = 1, extra = '') =>
    d.audit({ actorUserId: who.userId, actorOrg: who.orgName, action, count, detail: `case ${caseId}${extra}` });

  const load = async (who: CaseActor, id: number, action: 'read' | 'edit' | 'govern' | 'share'): Promise<CaseRecord> => {
    const c = await store.getCase(who.orgId, id);
    assertMay(who, c, action, id);
    return c;
  };
  const checkOwner = async (who: CaseActor, userId: number | null | undefined): Promise<void> => {
    if (userId === null || userId === undefined) return;
    const u = await d.userOrg(userId);
    if (!u || u.orgId !== who.orgId) throw new RenkeiError('validation_failed', `user ${userId} is not in this organisation`, { field: 'ownerUserId' });
  };
  const notNull = <T>(v: T | null, what: string): T => {
    if (v === null) throw new RenkeiError('not_found', `no ${what}`);
    return v;
  };

  const estimate = async (c: CaseRecord) => {
    const [counts, timeline] = await Promise.all([store.countHosts(c.orgId, c.id), store.listTimeline(c.orgId, c.id)]);
    return estimateDamage(caseDamageInputs(c.damage, counts, timeline, d.now()));
  };

  const view = async (c: CaseRecord) => {
    const [tasks, timeline, counts] = await Promise.all([store.listTasks(c.orgId, c.id), store.listTimeline(c.orgId, c.id), store.countHosts(c.orgId, c.id)]);
    return { case: c, nextStates: [...nextStates(c.state)], tasks, timeline, counts, damage: damageView(estimateDamage(caseDamageInputs(c.damage, counts, timeline, d.now()))) };
  };

  const svc = {
    async list(who: CaseActor, filter: { state?: CaseState }) {
      const [cases, counts] = await Promise.all([store.listCases(who.orgId, filter), store.countHostsByCase(who.orgId)]);
      return cases.map((c) => ({ ...c, counts: counts.get(c.id) ?? { black: 0, red: 0, yellow: 0, green: 0, untriaged: 0 } }));
    },

    async get(who: CaseActor, id: number) {
      return view(await load(who, id, 'read'));
    },

    /** The org's own revenue, business days and hours per day (what new cases start from). */
    async orgFigures(who: CaseActor): Promise<OrgDamageSettings> {
      return (await store.getOrgSettings(who.orgId)) ?? { annualRevenueYen: null, businessDays: null, hoursPerDay: null };
    },

    async setOrgFigures(who: CaseActorFull, s: OrgDamageSettings): Promise<OrgDamageSettings> {
      assertMaySetOrgFigures(who);
      await store.setOrgSettings(who.orgId, s, who.userId, d.now());
      await d.audit({ actorUserId: who.userId, actorOrg: who.orgName, action: 'case-org-figures', count: null, detail: 'damage figures' });
      return s;
    },

    async create(who: CaseActorFull, input: CaseCreateInput) {
      await checkOwner(who, input.ownerUserId);
      // The member's own figures first; what the request names wins.
      const org = await store.getOrgSettings(who.orgId);
      const tasks = input.template === 'first_steps' ? FIRST_STEP_TASKS.map((t) => ({ title: t.title[input.lang], ownerUserId: null, dueAt: null, templateKey: t.key, fromNoteId: null })) : [];
      const c = await store.createCase(
        who.orgId,
        { title: input.title, description: input.description, severity: input.severity, tlp: input.tlp, pap: input.pap, ownerUserId: input.ownerUserId === undefined ? who.userId : input.ownerUserId, createdBy: who.userId, damage: { ...EMPTY_DAMAGE, ...(org ?? {}), ...input.damage } },
        tasks,
        d.now(),
      );
      await audit(who, 'case-create', c.id);
      return view(c);
    },

    async update(who: CaseActorFull, id: number, patch: CaseUpdateInput) {
      const governs = patch.tlp !== undefined || patch.pap !== undefined || patch.ownerUserId !== undefined;
      const c = await load(who, id, governs ? 'govern' : 'edit');
      await checkOwner(who, patch.ownerUserId);
      const { damage, ...rest } = patch;
      const u = notNull(await store.updateCase(who.orgId, id, { ...rest, ...(damage ? { damage: { ...c.damage, ...damage } } : {}) }, d.now()), `case ${id}`);
      await audit(who, 'case-update', id, 1, ` fields ${Object.keys(patch).sort().join(',')}`);
      return view(u);
    },

    async transition(who: CaseActorFull, id: number, to: CaseState, outcome?: CaseOutcome) {
      const c = await load(who, id, 'govern');
      const out = checkTransition(c.state, to, outcome);
      const u = notNull(await store.updateCase(who.orgId, id, { state: to, outcome: out, closedAt: to === 'closed' ? d.now() : null }, d.now()), `case ${id}`);
      await audit(who, 'case-transition', id, 1, ` ${c.state}→${to}`);
      return view(u);
    },

    async addTask(who: CaseActorFull, id: number, t: { title: string; ownerUserId?: number | null | undefined; dueAt?: number | null | undefined }) {
      await load(who, id, 'edit');
      await checkOwner(who, t.ownerUserId);
      const [task] = notNull(await store.addTasks(who.orgId, id, [{ title: t.title, ownerUserId: t.ownerUserId ?? null, dueAt: t.dueAt ?? null, templateKey: null, fromNoteId: null }], d.now()), `case ${id}`);
      await audit(who, 'case-task-add', id);
      return task!;
    },

    async updateTask(who: CaseActorFull, id: number, taskId: number, patch: TaskPatch) {
      await load(who, id, 'edit');
      await checkOwner(who, patch.ownerUserId);
      const t = notNull(await store.updateTask(who.orgId, id, taskId, patch, d.now()), `task ${taskId} in case ${id}`);
      await audit(who, 'case-task-update', id);
      return t;
    },

    async addTimelineEvent(who: CaseActorFull, id: number, e: Omit<NewTimelineEvent, 'occurredAtMs' | 'createdBy'>) {
      await load(who, id, 'edit');
      if (e.hostIds.length > 0) {
        const known = new Set(await store.existingHostIds(who.orgId, id, e.hostIds));
        const unknown = e.hostIds.filter((h) => !known.has(h));
        if (unknown.length) throw new RenkeiError('validation_failed', `hosts not in this case: ${unknown.join(', ')}`, { field: 'hostIds', unknown });
      }
      const ev = notNull(await store.addTimelineEvent(who.orgId, id, { ...e, occurredAtMs: Date.parse(e.occurredAt), createdBy: who.userId }, d.now()), `case ${id}`);
      await audit(who, 'case-timeline-add', id);
      return ev;
    },

    /**
     * One page of the case's hosts (by name or in repair order), the case's counts per tag, and how many
     * hosts match the filter. Bounded work whatever the case's size: one page query plus one or two
     * grouped counts on the same index.
     */
    async listHosts(who: CaseActor, id: number, q: { tag?: HostTag | undefined; q?: string | undefined; order: HostOrder; limit: number; cursor?: string | undefined }) {
      await load(who, id, 'read');
      const text = q.q ? q.q : undefined;
      const after = q.cursor ? decodeHostCursor(q.cursor, q.order) : null;
      const [page, counts, matching] = await Promise.all([
        store.pageHosts(who.orgId, id, { tag: q.tag, text, order: q.order, after, limit: q.limit }),
        store.countHosts(who.orgId, id),
        text ? store.countHosts(who.orgId, id, { text }) : null,
      ]);
      const m = matching ?? counts;
      const matched = q.tag ? (q.order === 'repair' && q.tag === 'untriaged' ? 0 : m[q.tag]) : m.black + m.red + m.yellow + m.green + (q.order === 'repair' ? 0 : m.untriaged);
      return { hosts: page.hosts, counts, matched, next: page.next ? encodeHostCursor(page.next) : null };
    },

    /** Tags many hosts at once (one reason for all); ids not in the case are returned as missing. */
    async tagHosts(who: CaseActorFull, id: number, hostIds: number[], tag: HostTag, reason: string) {
      await load(who, id, 'edit');
      const changed = await store.setHostTags(who.orgId, id, hostIds, tag, reason, who.userId, d.now());
      const found = new Set(changed);
      await audit(who, 'case-host-tag', id, changed.length, ` → ${tag}`);
      return { changed, missing: [...new Set(hostIds)].filter((h) => !found.has(h)) };
    },

    async addHosts(who: CaseActorFull, id: number, hosts: NewHost[], reason: string) {
      await load(who, id, 'edit');
      const c = await store.countHosts(who.orgId, id);
      const have = c.black + c.red + c.yellow + c.green + c.untriaged;
      if (have + hosts.length > d.limits.maxHostsPerCase) throw new RenkeiError('too_many_values', `a case holds at most ${d.limits.maxHostsPerCase} hosts (has ${have})`, { max: d.limits.maxHostsPerCase, have });
      const ids = notNull(await store.addHosts(who.orgId, id, hosts, who.userId, reason, d.now()), `case ${id}`);
      await audit(who, 'case-hosts-add', id, ids.length);
      return ids;
    },

    /** Imports a host CSV: valid rows are added (up to the case's room), each bad row reported with its line. */
    async importHosts(who: CaseActorFull, id: number, csv: string): Promise<{ imported: number; errors: RowError[] }> {
      await load(who, id, 'edit');
      const c = await store.countHosts(who.orgId, id);
      const room = d.limits.maxHostsPerCase - (c.black + c.red + c.yellow + c.green + c.untriaged);
      const parsed = parseHostCsv(csv, Math.max(0, Math.min(d.limits.maxImportRows, room)));
      if (room < d.limits.maxImportRows) {
        const caseMax = d.limits.maxHostsPerCase;
        parsed.errors = parsed.errors.map((e) => (e.code === 'too_many_rows' ? { ...e, params: { ...e.params, caseMax }, reason: `${e.reason} (the case holds at most ${caseMax} hosts)` } : e));
      }
      const ids = parsed.hosts.length ? notNull(await store.addHosts(who.orgId, id, parsed.hosts.map(({ line: _l, ...h }) => h), who.userId, 'CSV import', d.now()), `case ${id}`) : [];
      await audit(who, 'case-hosts-import', id, ids.length, ` errors ${parsed.errors.length}`);
      return { imported: ids.length, errors: parsed.errors };
    },

    async tagHost(who: CaseActorFull, id: number, hostId: number, tag: HostTag, reason: string) {
      await load(who, id, 'edit');
      const h = notNull(await store.setHostTag(who.orgId, id, hostId, tag, reason, who.userId, d.now()), `host ${hostId} in case ${id}`);
      await audit(who, 'case-host-tag', id, 1, ` host ${hostId} → ${tag}`);
      return h;
    },

    async setHostPriority(who: CaseActorFull, id: number, hostId: number, priority: number | null) {
      await load(who, id, 'edit');
      const h = notNull(await store.setHostPriority(who.orgId, id, hostId, priority, d.now()), `host ${hostId} in case ${id}`);
      await audit(who, 'case-host-priority', id, 1, ` host ${hostId}`);
      return h;
    },

    async hostHistory(who: CaseActor, id: number, hostId: number) {
      await load(who, id, 'read');
      return store.hostHistory(who.orgId, id, hostId);
    },

    async listNotes(who: CaseActor, id: number) {
      await load(who, id, 'read');
      return store.listNotes(who.orgId, id);
    },

    async addNote(who: CaseActorFull, id: number, content: SoapContent, files: Array<{ name: string; contentBase64: string }>, noteId?: number) {
      await load(who, id, 'edit');
      const stored = files.map(toStored);
      const author = { userId: who.userId, login: who.login };
      const n =
        noteId === undefined
          ? notNull(await store.addNote(who.orgId, id, content, author, stored, d.now()), `case ${id}`)
          : notNull(await store.reviseNote(who.orgId, id, noteId, content, author, stored, d.now()), `note ${noteId} in case ${id}`);
      await audit(who, noteId === undefined ? 'case-note-add' : 'case-note-revise', id, 1, ` note ${n.id}`);
      return n;
    },

    /** Turns the current plan lines of a note into tasks. */
    async planToTasks(who: CaseActorFull, id: number, noteId: number) {
      await load(who, id, 'edit');
      const note = (await store.listNotes(who.orgId, id)).find((n) => n.id === noteId);
      if (!note) throw new RenkeiError('not_found', `no note ${noteId} in case ${id}`);
      const titles = planTasks(currentRevision(note).plan);
      const tasks = notNull(await store.addTasks(who.orgId, id, titles.map((title) => ({ title, ownerUserId: null, dueAt: null, templateKey: null, fromNoteId: noteId })), d.now()), `case ${id}`);
      await audit(who, 'case-plan-tasks', id, tasks.length, ` note ${noteId}`);
      return tasks;
    },

    async attachment(who: CaseActor, id: number, sha256: string) {
      await load(who, id, 'read');
      return notNull(await store.getAttachment(who.orgId, id, sha256), `attachment ${sha256}`);
    },

    async damage(who: CaseActor, id: number) {
      return damageView(await estimate(await load(who, id, 'read')));
    },

    /**
     * What this case may tell a community room. Nothing is sent: the room feature calls this and posts the
     * result. Internal names (hosts, addresses, owners, users of the org) are refused as indicators.
     */
    async safeStatus(who: CaseActorFull, id: number, pickedIndicators: string[]): Promise<SafeStatus> {
      const c = await load(who, id, 'share');
      const [counts, hosts, notes] = await Promise.all([store.countHosts(who.orgId, id), store.listHosts(who.orgId, id, {}), store.listNotes(who.orgId, id)]);
      const internalNames = [...hosts.flatMap((h) => [h.name, h.address ?? '', h.owner ?? '']), ...notes.flatMap((n) => n.revisions.map((r) => r.authorLogin)), who.login];
      const s = deriveSafeStatus({ case: c, counts, pickedIndicators, internalNames });
      await audit(who, 'case-safe-status', id, s.indicators.length);
      return s;
    },

    /**
     * Shares the safe status into a community incident room: the room status with the triage counts and
     * malware families as its note, and the picked indicators as one post. The room is linked to the case.
     * Whether the org may post there is the room's own rule (an unseen room is `not_found`).
     */
    async shareToRoom(who: CaseActorFull, id: number, roomId: number, pickedIndicators: string[], anonymous: boolean) {
      if (!d.rooms) throw new RenkeiError('unavailable', 'community rooms are not available on this hub');
      const s = await svc.safeStatus(who, id, pickedIndicators);
      const note = roomStatusNote(s);
      await d.rooms.setStatus(who, roomId, { status: roomMemberStatus(s), note, anonymous });
      const postId = s.indicators.length > 0 ? await d.rooms.postToRoom(who, roomId, { text: note, indicators: s.indicators, anonymous }) : null;
      const c = await load(who, id, 'share');
      const rooms = c.linkedRoomIds.includes(String(roomId)) ? c.linkedRoomIds : [...c.linkedRoomIds, String(roomId)];
      await store.updateCase(who.orgId, id, { linkedRoomIds: rooms }, d.now());
      await audit(who, 'case-share-room', id, s.indicators.length, ` room ${roomId}`);
      return { roomId, postId, shared: s };
    },

    /**
     * What the case's management report is built from (the org's own report: hosts and people included).
     * Only users of the case's org are named; audited with the format and language.
     */
    async reportInput(who: CaseActorFull, id: number, format: string): Promise<CaseReportInput & { generatedAt: number }> {
      const c = await load(who, id, 'read');
      // Bounded whatever the case's size: the head of the repair list is one page; the rest are counted.
      const [tasks, timeline, counts, repair, notes] = await Promise.all([
        store.listTasks(c.orgId, id),
        store.listTimeline(c.orgId, id),
        store.countHosts(c.orgId, id),
        store.pageHosts(c.orgId, id, { order: 'repair', limit: REPORT_REPAIR_LIST, after: null }),
        store.listNotes(c.orgId, id),
      ]);
      const ids = [...new Set([c.ownerUserId, ...tasks.map((t) => t.ownerUserId)].filter((u): u is number => u !== null))];
      const users: Record<number, string> = {};
      for (const u of await Promise.all(ids.map(async (uid) => ({ uid, u: await d.userOrg(uid) })))) if (u.u && u.u.orgId === c.orgId) users[u.uid] = u.u.login;
      await audit(who, 'case-report', id, 1, ` ${format}`);
      const now = d.now();
      return { case: c, tasks, timeline, counts, repairList: repair.hosts, notes, users, estimate: estimateDamage(caseDamageInputs(c.damage, counts, timeline, now)), generatedAt: now };
    },

    /** Everything of a case, for its org's export. */
    async bundle(who: CaseActorFull, id: number) {
      const c = await load(who, id, 'read');
      const [v, hosts, notes] = await Promise.all([view(c), store.listHosts(who.orgId, id, {}), store.listNotes(who.orgId, id)]);
      await audit(who, 'case-export', id);
      return { ...v, hosts, priority: repairPriority(hosts).map((h) => h.id), notes, estimate: await estimate(c) };
    },
  };
  return svc;
}

export type CaseService = ReturnType<typeof createCaseService>;

function toStored(f: { name: string; contentBase64: string }): StoredAttachment {
  const bytes = Buffer.from(f.contentBase64, 'base64');
  // Buffer.from ignores bad characters; round-trip to refuse what is not base64.
  if (bytes.toString('base64').replace(/=+$/, '') !== f.contentBase64.replace(/\s/g, '').replace(/=+$/, '')) throw new RenkeiError('validation_failed', `attachment ${f.name} is not base64`, { field: 'attachments' });
  return { name: f.name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), contentBase64: bytes.toString('base64') };
}
