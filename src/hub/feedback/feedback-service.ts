/**
 * Hit feedback at the hub: an organisation gives feedback on hits of its own searches, the hub records
 * it (once per organisation, search, hit and kind) and relays it to the member owning the data — a
 * Renkei node stores a sighting (federation, with the hub's signed assertion), a MISP source gets
 * `sightings/add` when its key may, otherwise the hub keeps it for the owner. Feedback whose owner could
 * not be reached stays `pending` and is sent again with the organisation's next feedback on that search. The hit's member and
 * attribute are read from the stored result; the client only names which of its hits it means.
 */
import type { FeedbackSummary, GiveFeedbackRequest, GiveFeedbackResult, MarkAllSeenRequest, OwnerFeedbackPage, SearchFeedback } from '../../contracts/feedback.ts';
import type { MemberHit, SearchResult } from '../../contracts/hub-api.ts';
import { feedbackAuthor } from '../../core/feedback/feedback-author.ts';
import { normaliseFeedbackComment } from '../../core/feedback/feedback-comment.ts';
import type { FeedbackKind } from '../../core/feedback/feedback-kind.ts';
import { RenkeiError } from '../../core/errors.ts';
import { aggregateKey, type FeedbackStore, type NewFeedback, type StoredFeedback } from '../../storage/feedback/port.ts';
import type { AuditStore, MemberRow, MemberStore } from '../../storage/hub/port.ts';
import { SourceCallError, type FeedbackRelayOutcome } from '../sources/connector.ts';
import type { SourceRegistry } from '../sources/source-registry.ts';

/** Who gives or reads feedback. */
export interface FeedbackActor {
  userId: number;
  orgId: number;
  orgName: string;
  orgUuid: string;
}

export interface FeedbackServiceDeps {
  store: MemberStore & AuditStore;
  feedback: FeedbackStore;
  registry: SourceRegistry;
  /** The searching organisation's stored (or running) result; another org's search is `not_found`. */
  readSearch(orgId: number, searchId: string): Promise<SearchResult>;
  now: () => number;
  /** Longest wait for one source's answer. */
  deadlineMs: number;
}

/** Most hits one "mark all as seen" covers. */
export const MAX_BULK_HITS = 10_000;
/** Items per relay request to one source. */
const RELAY_BATCH = 500;

export interface FeedbackService {
  give(who: FeedbackActor, searchId: string, req: GiveFeedbackRequest): Promise<{ results: GiveFeedbackResult[] }>;
  markAllSeen(who: FeedbackActor, searchId: string, req: MarkAllSeenRequest): Promise<FeedbackSummary>;
  forSearch(who: FeedbackActor, searchId: string): Promise<SearchFeedback>;
  onMyData(who: FeedbackActor, q: { value?: string; eventUuid?: string; limit: number }): Promise<OwnerFeedbackPage>;
}

/** What became of one item: where its new row went, or that the same feedback was given before. */
type ItemState = StoredFeedback['relay'] | 'duplicate';

interface Wanted {
  position: number;
  index: number;
  detail: MemberHit;
  kind: FeedbackKind;
  comment: string;
  reveal: boolean;
}

/** Builds the service. */
export function createFeedbackService(deps: FeedbackServiceDeps): FeedbackService {
  const memberCache = async (): Promise<(name: string) => Promise<MemberRow | null>> => {
    const seen = new Map<string, MemberRow | null>();
    return async (name) => {
      if (!seen.has(name)) seen.set(name, await deps.store.getMember(name));
      return seen.get(name)!;
    };
  };

  /** Relays fresh rows to their members' sources and records where each went. */
  async function relay(who: FeedbackActor, rows: StoredFeedback[]): Promise<Map<number, StoredFeedback['relay']>> {
    const out = new Map<number, StoredFeedback['relay']>();
    const byMember = new Map<number, StoredFeedback[]>();
    for (const r of rows) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r]);
    for (const [memberId, list] of byMember) {
      const member = await deps.store.getMember(memberId);
      if (!member) continue;
      const state = new Map<number, 'relayed' | 'kept' | 'pending'>(list.map((r) => [r.id, 'pending']));
      let anyAnswered = false;
      for (const source of await deps.store.listSources(member.id)) {
        const c = deps.registry.connector(source, member);
        if (!c.feedback) continue;
        const open = list.filter((r) => state.get(r.id) !== 'relayed');
        for (let i = 0; i < open.length; i += RELAY_BATCH) {
          const part = open.slice(i, i + RELAY_BATCH);
          let outcomes: FeedbackRelayOutcome[];
          try {
            outcomes = await c.feedback(
              { searchId: part[0]!.searchId, searcher: { name: who.orgName, uuid: who.orgUuid }, items: part.map((r) => ({ attributeUuid: r.attributeUuid, kind: r.kind, comment: r.comment, reveal: r.reveal, author: r.author })) },
              AbortSignal.timeout(deps.deadlineMs),
            );
          } catch (e) {
            // An unreachable owner leaves the feedback pending at the hub (the owner still reads it there).
            if (e instanceof SourceCallError) continue;
            throw e;
          }
          anyAnswered = true;
          part.forEach((r, k) => {
            if (outcomes[k] === 'relayed') state.set(r.id, 'relayed');
            else if (outcomes[k] === 'not_allowed' && state.get(r.id) === 'pending') state.set(r.id, 'kept');
          });
        }
      }
      // Answered but nobody took it (no source holds it or none may add sightings): the hub keeps it.
      if (anyAnswered) for (const [id, s] of state) if (s === 'pending') state.set(id, 'kept');
      for (const relayState of ['relayed', 'kept'] as const) {
        const ids = [...state].filter(([, s]) => s === relayState).map(([id]) => id);
        await deps.feedback.setRelay(ids, relayState);
      }
      for (const [id, s] of state) out.set(id, s);
    }
    return out;
  }

  /** Records and relays; per wanted item: its new row's state, or a duplicate. */
  async function recordAll(who: FeedbackActor, searchId: string, wanted: Wanted[]): Promise<Map<number, ItemState>> {
    const member = await memberCache();
    const rows: { position: number; row: NewFeedback }[] = [];
    const at = deps.now();
    for (const w of wanted) {
      const m = await member(w.detail.member);
      if (!m) continue;
      rows.push({
        position: w.position,
        row: { searchId, orgId: who.orgId, userId: who.userId, memberId: m.id, value: w.detail.attribute.value, type: w.detail.attribute.type, attributeUuid: w.detail.attribute.uuid, eventUuid: w.detail.event.uuid, eventInfo: w.detail.event.info, kind: w.kind, comment: w.comment, reveal: w.reveal, author: feedbackAuthor(w.reveal, who.orgName), at },
      });
    }
    const stored = await deps.feedback.record(rows.map((r) => r.row));
    const keyOf = (r: Pick<NewFeedback, 'memberId' | 'attributeUuid' | 'kind'>) => `${r.memberId}|${r.attributeUuid}|${r.kind}`;
    const fresh = new Map(stored.map((s) => [keyOf(s), s]));
    // Feedback this organisation gave earlier on this search that did not reach its owner yet goes again.
    const fresh_ = new Set(stored.map((s) => s.id));
    const retry = (await deps.feedback.listGiven(who.orgId, searchId)).filter((r) => r.relay === 'pending' && !fresh_.has(r.id));
    const states = await relay(who, [...stored, ...retry]);
    const out = new Map<number, ItemState>();
    for (const r of rows) {
      const s = fresh.get(keyOf(r.row));
      out.set(r.position, s ? (states.get(s.id) ?? 'pending') : 'duplicate');
    }
    await deps.store.audit({ at, actorUserId: who.userId, actorOrg: who.orgName, action: 'feedback.give', count: stored.length, detail: searchId });
    return out;
  }

  return {
    async give(who, searchId, req) {
      const result = await deps.readSearch(who.orgId, searchId);
      const wanted: Wanted[] = [];
      const results: GiveFeedbackResult[] = [];
      req.items.forEach((item, position) => {
        const detail = result.results[item.index]?.details.find((d) => d.member === item.member && d.attribute.uuid === item.attributeUuid);
        if (!detail) return void results.push({ position, error: { code: 'no_such_hit', message: `search ${searchId} has no hit of that member and attribute on value ${item.index}` } });
        wanted.push({ position, index: item.index, detail, kind: item.kind, comment: normaliseFeedbackComment(item.comment), reveal: item.reveal });
      });
      const states = await recordAll(who, searchId, wanted);
      for (const w of wanted) results.push({ position: w.position, status: states.get(w.position) ?? 'pending' });
      results.sort((a, b) => a.position - b.position);
      return { results };
    },

    async markAllSeen(who, searchId, req) {
      const result = await deps.readSearch(who.orgId, searchId);
      const wanted: Wanted[] = [];
      const comment = normaliseFeedbackComment(req.comment);
      result.results.forEach((v, index) => v.details.forEach((detail) => wanted.push({ position: wanted.length, index, detail, kind: 'seen', comment, reveal: req.reveal })));
      if (wanted.length > MAX_BULK_HITS) throw new RenkeiError('validation_failed', `a search with more than ${MAX_BULK_HITS} hits cannot be marked in one action`, { limit: MAX_BULK_HITS });
      const states = [...(await recordAll(who, searchId, wanted)).values()];
      const n = (s: ItemState) => states.filter((x) => x === s).length;
      return { hits: wanted.length, recorded: states.length - n('duplicate'), duplicates: n('duplicate'), relayed: n('relayed'), kept: n('kept'), pending: n('pending') };
    },

    async forSearch(who, searchId) {
      const result = await deps.readSearch(who.orgId, searchId);
      const member = await memberCache();
      const places: { index: number; member: string; memberId: number; attributeUuid: string }[] = [];
      for (const [index, v] of result.results.entries()) {
        for (const d of v.details) {
          const m = await member(d.member);
          if (m) places.push({ index, member: d.member, memberId: m.id, attributeUuid: d.attribute.uuid });
        }
      }
      const agg = await deps.feedback.aggregates(places);
      const given = await deps.feedback.listGiven(who.orgId, searchId);
      const placeOf = new Map(places.map((p) => [aggregateKey(p.memberId, p.attributeUuid), p]));
      return {
        given: given.flatMap((g) => {
          const p = placeOf.get(aggregateKey(g.memberId, g.attributeUuid));
          return p ? [{ index: p.index, member: p.member, attributeUuid: p.attributeUuid, kind: g.kind, relay: g.relay }] : [];
        }),
        aggregates: places.flatMap((p) => {
          const a = agg.get(aggregateKey(p.memberId, p.attributeUuid));
          return a ? [{ index: p.index, member: p.member, attributeUuid: p.attributeUuid, ...a }] : [];
        }),
      };
    },

    async onMyData(who, q) {
      const member = await deps.store.getMemberByOrg(who.orgId);
      if (!member) throw new RenkeiError('forbidden', 'your organisation is not a member with data');
      const items = await deps.feedback.listForOwner(member.id, q);
      const byValue = (await deps.feedback.ownerTotals(member.id, 'value', q.limit)).map((t) => ({ value: t.key, type: t.type, seen: t.seen, falsePositive: t.falsePositive, expired: t.expired }));
      const byEvent = (await deps.feedback.ownerTotals(member.id, 'event', q.limit)).map((t) => ({ eventUuid: t.key, eventInfo: t.label, seen: t.seen, falsePositive: t.falsePositive, expired: t.expired }));
      return {
        items: items.map((f) => ({ searchId: f.searchId, value: f.value, type: f.type, attributeUuid: f.attributeUuid, eventUuid: f.eventUuid, eventInfo: f.eventInfo, kind: f.kind, comment: f.comment, author: f.author, relay: f.relay, at: f.at })),
        byValue,
        byEvent,
      };
    },
  };
}
