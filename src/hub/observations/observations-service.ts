/**
 * Observations, community questions and incident rooms on the hub: checks what the wire schemas cannot
 * (safe Markdown, TLP/audience pairs, indicators, group membership), keeps answers at one per organisation,
 * audits every write and tells live room streams that something changed. Reads go straight to the store,
 * which applies the read rule.
 */
import { EventEmitter } from 'node:events';
import { localBus, type HubBus } from '../bus/hub-bus.ts';
import { RenkeiError } from '../../core/errors.ts';
import { normaliseItemIndicators } from '../../core/observations/indicators.ts';
import { markdownProblem } from '../../core/observations/markdown-safety.ts';
import type { Audience, ObservationDraft } from '../../core/observations/model.ts';
import { normaliseSubject, quotableSentences, type QuestionDraft } from '../../core/observations/question.ts';
import type { QuestionBaselineLookup } from './question-baseline.ts';
import { audienceProblem } from '../../core/observations/read-rule.ts';
import { GROUP_ACTIVE_MEMBERS } from '../../core/observations/groups.ts';
import type { MemberStatus, RoomDraft, RoomState } from '../../core/observations/room.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import { roomExport } from '../../core/observations/room-export.ts';
import { roomMarkdown } from '../../core/observations/room-markdown.ts';
import type { ObservationNotifier } from './observation-notifier.ts';
import { observationToMispEvent, observationToStixBundle } from './observation-interop.ts';
import { roomToMispEvent } from './room-misp.ts';
import { roomToStixBundle } from './room-stix.ts';
import type { AuditEntry } from '../../storage/hub/port.ts';
import type { ObservationsStore, ResponseDraft, StoreWriter, SubscriptionScope } from '../../storage/observations/port.ts';

/** The acting user as the service needs it. */
export interface Actor extends StoreWriter {
  orgName: string;
}

export interface ObservationsServiceDeps {
  store: ObservationsStore;
  audit: (e: AuditEntry) => Promise<void>;
  now: () => number;
  /** Fewest organisations whose answers make a tally visible (RENKEI_HUB_MIN_MEMBERS). */
  minMembers: number;
  /** Where room changes are signalled: this process only, or every hub on the same NATS. */
  bus?: HubBus;
  /** Fans the outbox out to subscribers (in-app, e-mail, webhook), in the background: never in a request. */
  notify?: ObservationNotifier;
  /** The publishing organisation named in exports (MISP Orgc, STIX identity). */
  hubName?: string;
  /** Community statistics for a question's subject (country, port, signature), shown beside its answers. */
  baseline?: QuestionBaselineLookup;
}

export type RoomExportFormat = 'markdown' | 'misp' | 'stix';

/** Most timeline posts one export carries. */
const EXPORT_POSTS = 10_000;

export type ObservationsService = ReturnType<typeof createObservationsService>;

/** Builds the service over the observations store. */
export function createObservationsService(deps: ObservationsServiceDeps) {
  const { store, now } = deps;
  const live = new EventEmitter();
  live.setMaxListeners(0);
  const k = deps.minMembers;

  const audit = (who: Actor, action: string, detail: string): Promise<void> => deps.audit({ at: now(), actorUserId: who.userId, actorOrg: who.orgName, action, count: 1, detail });

  const checkAudience = async (who: Actor, tlp: Tlp, audience: Audience): Promise<void> => {
    const p = audienceProblem(tlp, audience);
    if (p) throw new RenkeiError('validation_failed', p, { field: 'audience' });
    if (audience.kind === 'group') {
      const g = await store.getGroup(who, audience.groupId);
      if (!g?.joined) throw new RenkeiError('validation_failed', `your organisation is not in topic group ${audience.groupId}`, { field: 'audience' });
      if (!g.active) throw new RenkeiError('validation_failed', `topic group ${audience.groupId} is not active yet: it needs ${GROUP_ACTIVE_MEMBERS} member organisations`, { field: 'audience' });
    }
  };
  const checkBody = (body: string, field: string): void => {
    const p = markdownProblem(body);
    if (p) throw new RenkeiError('validation_failed', p, { field });
  };
  const indicatorsOf = (raw: string[]) => {
    const { indicators, problems } = normaliseItemIndicators(raw);
    if (problems.length > 0) throw new RenkeiError('validation_failed', `${problems.length} indicator(s) could not be read`, { field: 'indicators', problems });
    return indicators;
  };
  const toDraft = async (who: Actor, input: Omit<ObservationDraft, 'indicators'> & { indicators: string[] }): Promise<ObservationDraft> => {
    checkBody(input.body, 'body');
    await checkAudience(who, input.tlp, input.audience);
    return { ...input, indicators: indicatorsOf(input.indicators) };
  };
  /** After a refused owner-only write: not_found when the actor cannot even see it, else forbidden. */
  const refused = async (visible: boolean, what: string): Promise<never> => {
    if (!visible) throw new RenkeiError('not_found', `no ${what}`);
    throw new RenkeiError('forbidden', `only the organisation that wrote this ${what} may change it`);
  };
  const bus = deps.bus ?? localBus();
  // The write already put its outbox row in its own transaction; this only wakes the background worker.
  const queued = (): void => void live.emit('outbox');
  const changed = (roomId: number): void => {
    bus.publish(`room-${roomId}`);
    queued();
  };

  return {
    minMembers: k,
    async post(who: Actor, input: Omit<ObservationDraft, 'indicators'> & { indicators: string[] }) {
      const d = await toDraft(who, input);
      const id = await store.createObservation(who, d, now());
      await audit(who, 'observation-post', `observation ${id} ${d.tlp} ${d.audience.kind}${d.anonymous ? ' anonymous' : ''}, ${d.indicators.length} indicators`);
      queued();
      return (await store.getObservation(who, id))!;
    },
    async edit(who: Actor, id: number, input: Omit<ObservationDraft, 'indicators'> & { indicators: string[] }) {
      const d = await toDraft(who, input);
      if (!(await store.updateObservation(who, id, d, now()))) return refused((await store.getObservation(who, id)) !== null, 'observation');
      await audit(who, 'observation-edit', `observation ${id} ${d.tlp} ${d.audience.kind}`);
      return (await store.getObservation(who, id))!;
    },
    async remove(who: Actor, id: number): Promise<void> {
      if (!(await store.deleteObservation(who, id))) return refused((await store.getObservation(who, id)) !== null, 'observation');
      await audit(who, 'observation-delete', `observation ${id}`);
    },
    /** Read state is the user's own business: not audited. */
    async markRead(who: Actor, id: number, read: boolean): Promise<void> {
      if (!(await store.markRead(who, id, read, now()))) throw new RenkeiError('not_found', 'no observation');
    },
    async respond(who: Actor, id: number, r: ResponseDraft) {
      if (!(await store.respond(who, id, r, now()))) throw new RenkeiError('not_found', 'no observation');
      await audit(who, 'observation-respond', `observation ${id} ${r.kind}`);
      return (await store.responses(who, id, k))!;
    },
    async comment(who: Actor, id: number, c: { text: string; parentId: number | null; anonymous: boolean }) {
      checkBody(c.text, 'text');
      const cid = await store.comment(who, id, c, now());
      if (cid === null) throw new RenkeiError('not_found', c.parentId === null ? 'no observation' : 'no such observation or parent comment');
      await audit(who, 'observation-comment', `observation ${id} comment ${cid}`);
      return (await store.comments(who, id))!;
    },

    async ask(who: Actor, input: QuestionDraft) {
      let q = input;
      if (q.deadline <= now()) throw new RenkeiError('validation_failed', 'the deadline has passed', { field: 'deadline' });
      if (q.subject) {
        const n = normaliseSubject(q.subject);
        if ('problem' in n) throw new RenkeiError('validation_failed', n.problem, { field: 'subject' });
        q = { ...q, subject: n.subject };
      }
      await checkAudience(who, q.tlp, q.audience);
      const id = await store.createQuestion(who, q, now());
      await audit(who, 'question-ask', `question ${id} ${q.tlp} ${q.audience.kind}`);
      return (await store.getQuestion(who, id, k))!;
    },
    /**
     * A question as the reader may read it, with the quotable sentences once released and, when it names a
     * country, port or signature, the community statistics baseline for it beside the answers.
     */
    async questionView(who: Actor, id: number) {
      const q = await store.getQuestion(who, id, k);
      if (!q) throw new RenkeiError('not_found', 'no question');
      const at = now();
      const quotes = q.result.released ? quotableSentences(q, { respondents: q.result.respondents!, counts: q.result.counts! }, at) : [];
      const baseline = q.subject && deps.baseline ? await deps.baseline(q.subject, at) : null;
      return { question: q, quotes, at, baseline };
    },
    async answer(who: Actor, id: number, option: number, named: boolean) {
      const r = await store.answerQuestion(who, id, option, named, now());
      if (r === 'not_found') throw new RenkeiError('not_found', 'no question');
      if (r === 'closed') throw new RenkeiError('conflict', 'the question is past its deadline');
      if (r === 'bad_option') throw new RenkeiError('validation_failed', 'no such answer option', { field: 'option' });
      await audit(who, 'question-answer', `question ${id}`);
      return (await store.getQuestion(who, id, k))!;
    },

    async openRoom(who: Actor, r: RoomDraft) {
      checkBody(r.description, 'description');
      await checkAudience(who, r.tlp, r.audience);
      const id = await store.createRoom(who, r, now());
      await audit(who, 'room-open', `room ${id} ${r.tlp} ${r.audience.kind} ${r.severity}`);
      return (await store.getRoom(who, id))!;
    },
    async setRoomState(who: Actor, id: number, state: RoomState) {
      if (!(await store.setRoomState(who, id, state, now()))) return refused((await store.getRoom(who, id)) !== null, 'room');
      await audit(who, 'room-state', `room ${id} ${state}`);
      changed(id);
      return (await store.getRoom(who, id))!;
    },
    async setStatus(who: Actor, id: number, s: { status: MemberStatus; note: string; anonymous: boolean }) {
      if (!(await store.setStatus(who, id, s, now()))) throw new RenkeiError('not_found', 'no room');
      await audit(who, 'room-status', `room ${id} ${s.status}`);
      changed(id);
      return (await store.board(who, id))!;
    },
    async postToRoom(who: Actor, id: number, p: { text: string; indicators: string[]; anonymous: boolean }) {
      checkBody(p.text, 'text');
      const pid = await store.post(who, id, { text: p.text, indicators: indicatorsOf(p.indicators), anonymous: p.anonymous }, now());
      if (pid === null) throw new RenkeiError('not_found', 'no room');
      await audit(who, 'room-post', `room ${id} post ${pid}`);
      changed(id);
      return pid;
    },
    /**
     * A room as the reader may read it, rendered for export; anonymous authors are "a member" for every
     * reader (exports leave the hub). Audited: an export is a disclosure.
     */
    async exportRoom(who: Actor, id: number, format: RoomExportFormat, lang: 'ja' | 'en'): Promise<{ contentType: string; filename: string; body: string }> {
      const room = await store.getRoom(who, id);
      const board = room && (await store.board(who, id));
      const timeline = room && (await store.timeline(who, id, EXPORT_POSTS));
      if (!room || !board || !timeline) throw new RenkeiError('not_found', 'no room');
      const x = roomExport(room, board, timeline);
      const hubName = deps.hubName ?? 'Renkei hub';
      await audit(who, 'room-export', `room ${id} ${format} ${room.tlp}`);
      if (format === 'markdown') return { contentType: 'text/markdown; charset=utf-8', filename: `room-${id}.md`, body: roomMarkdown(x, lang) };
      if (format === 'misp') return { contentType: 'application/json; charset=utf-8', filename: `room-${id}.misp.json`, body: JSON.stringify(roomToMispEvent(x, hubName, lang), null, 2) };
      return { contentType: 'application/stix+json;version=2.1', filename: `room-${id}.stix.json`, body: JSON.stringify(roomToStixBundle(x, hubName, lang), null, 2) };
    },
    /** Opens a group owned by the actor's org; other organisations join once a hub admin approves (at once when a hub admin opens it). */
    async createGroup(who: Actor, name: string, orgIds: number[]) {
      const direct = who.role === 'hub-admin';
      const g = await store.createGroup(who, name, direct ? orgIds : [], now());
      if (!direct) for (const o of new Set(orgIds)) if (o !== who.orgId) await store.requestGroupMember(who, g.id, o, now());
      await audit(who, 'topic-group-create', `group ${g.id} ${name}, ${orgIds.length} organisation(s) ${direct ? 'added' : 'requested'}`);
      return (await store.getGroup(who, g.id))!;
    },
    /** The owner asks for an organisation to be added (a hub admin adds at once). */
    async addGroupMember(who: Actor, groupId: number, orgId: number) {
      const g = await store.getGroup(who, groupId);
      if (!g || (!g.joined && !g.owned && who.role !== 'hub-admin')) throw new RenkeiError('not_found', 'no topic group');
      const ok = who.role === 'hub-admin' ? await store.setGroupMember(who, groupId, orgId, true) : await store.requestGroupMember(who, groupId, orgId, now());
      if (!ok) throw new RenkeiError('forbidden', 'only the organisation that owns the group manages its members');
      await audit(who, who.role === 'hub-admin' ? 'topic-group-add' : 'topic-group-request', `group ${groupId} org ${orgId}`);
      return (await store.getGroup(who, groupId))!;
    },
    async removeGroupMember(who: Actor, groupId: number, orgId: number) {
      const g = await store.getGroup(who, groupId);
      if (!g || (!g.joined && !g.owned && who.role !== 'hub-admin')) throw new RenkeiError('not_found', 'no topic group');
      if (!(await store.setGroupMember(who, groupId, orgId, false))) throw new RenkeiError('forbidden', 'only the organisation that owns the group manages its members');
      await audit(who, 'topic-group-remove', `group ${groupId} org ${orgId}`);
      return (await store.getGroup(who, groupId))!;
    },
    /** A hub admin approves or rejects a pending membership. */
    async decideGroupMember(who: Actor, groupId: number, orgId: number, approve: boolean) {
      if (who.role !== 'hub-admin') throw new RenkeiError('forbidden', 'only a hub admin approves topic group members');
      if (!(await store.decideGroupMember(groupId, orgId, approve))) throw new RenkeiError('not_found', 'no such pending request');
      await audit(who, approve ? 'topic-group-approve' : 'topic-group-reject', `group ${groupId} org ${orgId}`);
      return (await store.getGroup(who, groupId))!;
    },
    async subscribe(who: Actor, scope: SubscriptionScope, channels: { email: boolean; webhook: boolean }) {
      if (!(await store.subscribe(who, scope, channels, now()))) throw new RenkeiError('not_found', 'no room');
      return store.subscriptions(who);
    },
    /** One observation as MISP event or STIX bundle, as the reader may read it (its answers as shown to it). Audited. */
    async exportObservation(who: Actor, id: number, format: 'misp' | 'stix', lang: 'ja' | 'en'): Promise<{ contentType: string; filename: string; body: string }> {
      const observation = await store.getObservation(who, id);
      const responses = observation && (await store.responses(who, id, k));
      const comments = observation && (await store.comments(who, id));
      if (!observation || !responses || !comments) throw new RenkeiError('not_found', 'no observation');
      await audit(who, 'observation-export', `observation ${id} ${format} ${observation.tlp}`);
      const hubName = deps.hubName ?? 'Renkei hub';
      const x = { observation, responses, comments };
      if (format === 'misp') return { contentType: 'application/json; charset=utf-8', filename: `observation-${id}.misp.json`, body: JSON.stringify(observationToMispEvent(x, hubName, lang), null, 2) };
      return { contentType: 'application/stix+json;version=2.1', filename: `observation-${id}.stix.json`, body: JSON.stringify(observationToStixBundle(x, hubName, lang), null, 2) };
    },
    /** The room's distinct indicator values as the reader reads its timeline (for a cross-search); not_found when it may not read the room. */
    async roomIndicatorValues(who: Actor, id: number): Promise<string[]> {
      const timeline = await store.timeline(who, id, EXPORT_POSTS);
      if (!timeline) throw new RenkeiError('not_found', 'no room');
      return [...new Set(timeline.flatMap((p) => p.indicators.map((i) => i.value)))];
    },
    /** One bounded tick of the notification fan-out (the hub's background worker calls it). */
    async processNotifications(): Promise<{ entries: number; told: number; failed: number; more: boolean }> {
      return deps.notify ? deps.notify.process() : { entries: 0, told: 0, failed: 0, more: false };
    },
    /** Calls `fn` after a write queued notifications (wakes the worker); returns the unsubscribe function. */
    onOutbox(fn: () => void): () => void {
      live.on('outbox', fn);
      return () => void live.off('outbox', fn);
    },
    /** Calls `fn` when the hub stops (live streams end so the drain does not wait for them). */
    onShutdown(fn: () => void): () => void {
      live.on('shutdown', fn);
      return () => void live.off('shutdown', fn);
    },
    /** Ends every live stream. */
    shutdown(): void {
      live.emit('shutdown');
    },
    /** Calls `fn` whenever the room changes; returns the unsubscribe function. */
    watchRoom(roomId: number, fn: () => void): () => void {
      return bus.subscribe(`room-${roomId}`, fn);
    },
  };
}
