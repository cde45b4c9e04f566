/**
 * The observations storage port: observations with answers and comments, community questions, incident
 * rooms and topic groups. Every read takes the reader and returns only what the read rule lets it see;
 * the author organisation of an anonymous item never leaves storage except to its own org and hub admins.
 */
import type { ItemIndicator, Observation, ObservationCategory, ObservationDraft, VisibleAuthor } from '../../core/observations/model.ts';
import type { Question, QuestionDraft } from '../../core/observations/question.ts';
import type { Board, MemberStatus, Room, RoomDraft, RoomState, TimelinePost } from '../../core/observations/room.ts';
import type { ResponseKind } from '../../core/observations/tally.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { StoreReader } from './visibility.ts';

export type { StoreReader } from './visibility.ts';

/** Who writes: the organisation and the user (kept for abuse handling). */
export interface StoreWriter extends StoreReader {
  userId: number;
}

export interface TopicGroup {
  id: number;
  name: string;
  memberCount: number;
  /** Enough members to be targeted (`GROUP_ACTIVE_MEMBERS`). */
  active: boolean;
  /** The reader's org belongs to it. */
  joined: boolean;
  /** The reader's org owns it (manages its membership). */
  owned: boolean;
  /** Organisations waiting for a hub admin's approval: shown to the owner and hub admins only. */
  pending: Array<{ orgId: number; name: string }>;
}

export interface ObservationFilter {
  category?: ObservationCategory;
  tlp?: Tlp;
  since?: number;
  until?: number;
  groupId?: number;
  /** A canonical indicator value. */
  indicator?: string;
  /** Whitespace-separated terms, each a case-insensitive substring of title or body (Japanese or English). */
  text?: string;
  /** Only those the reading user (`reader.userId`) has not marked read. */
  unread?: boolean;
  /** Only those the reader's org has not answered. */
  unanswered?: boolean;
  /** Keyset paging: ids below this one. */
  before?: number;
  limit: number;
}

export interface ResponseDraft {
  kind: ResponseKind;
  seenAt: number | null;
  scale: string | null;
  acted: string | null;
  use: string | null;
  note: string;
  anonymous: boolean;
}

export interface ObservationResponse extends ResponseDraft {
  author: VisibleAuthor;
  mine: boolean;
  at: number;
}

/** What a reader gets of the answers: the author org every answer, others their own and the tally from k. */
export interface ResponsesView {
  responses: ObservationResponse[];
  released: boolean;
  respondents: number | null;
  counts: Record<ResponseKind, number> | null;
  needed: number;
}

export interface ObservationComment {
  id: number;
  parentId: number | null;
  text: string;
  author: VisibleAuthor;
  mine: boolean;
  at: number;
}

/** One live event of a room, loaded for the reader (null payload: nothing this reader may see). */
export type RoomEvent =
  | { id: number; kind: 'post'; post: TimelinePost }
  | { id: number; kind: 'status'; board: Board }
  | { id: number; kind: 'room'; room: Room };

export type SubscriptionScope = { kind: 'observations' } | { kind: 'room'; roomId: number };

export interface Subscription {
  scope: SubscriptionScope;
  email: boolean;
  webhook: boolean;
}

/** A subscribed user with its current organisation and role (the read rule is applied per subscriber). */
export interface Subscriber {
  userId: number;
  orgId: number;
  role: StoreReader['role'];
  locale: 'ja' | 'en';
  email: boolean;
  webhook: boolean;
}

/** An in-app notification as its user may see it (only about items the user may read). */
export interface InAppNotification {
  id: number;
  kind: 'observation' | 'room';
  itemId: number;
  roomEventId: number | null;
  title: string;
  at: number;
  seen: boolean;
}

/** What changed in a room (an observation's entry has none: it was posted). */
export type OutboxChange = 'post' | 'status' | 'state';

/** One change to tell subscribers about, with how far its fan-out got (subscribers are paged by user id). */
export interface OutboxEntry {
  id: number;
  /** `obs:<id>` or `room:<roomId>:<change>:<room event id>`: the idempotency key of everything it sends. */
  key: string;
  kind: 'observation' | 'room';
  itemId: number;
  change: OutboxChange | null;
  /** The room post, for a post. */
  refId: number | null;
  /** Not told of its own change. */
  actorUserId: number;
  createdAt: number;
  /** Subscribers with user ids up to this one are done. */
  afterUserId: number;
  attempts: number;
}

/** An in-app notification to add; `dedupKey` makes it once per user. */
export interface InAppDraft {
  userId: number;
  kind: 'observation' | 'room';
  itemId: number;
  roomEventId: number | null;
  at: number;
  dedupKey: string;
}

export interface ObservationsStore {
  migrate(): Promise<void>;

  createGroup(owner: StoreWriter, name: string, orgIds: number[], now: number): Promise<TopicGroup>;
  listGroups(reader: StoreReader): Promise<TopicGroup[]>;
  /** Adds or removes an org; only the owner org or a hub admin (false otherwise or when absent). */
  setGroupMember(actor: StoreReader, groupId: number, orgId: number, member: boolean): Promise<boolean>;
  /** The owner's request to add an org, for a hub admin to approve; false unless the actor owns the group. */
  requestGroupMember(actor: StoreReader, groupId: number, orgId: number, now: number): Promise<boolean>;
  /** A hub admin approves (member) or rejects a pending request; false when there is none. */
  decideGroupMember(groupId: number, orgId: number, approve: boolean): Promise<boolean>;
  getGroup(reader: StoreReader, groupId: number): Promise<TopicGroup | null>;

  createObservation(author: StoreWriter, draft: ObservationDraft, now: number): Promise<number>;
  getObservation(reader: StoreReader, id: number): Promise<Observation | null>;
  listObservations(reader: StoreReader, filter: ObservationFilter): Promise<Observation[]>;
  /** Replaces the draft when the actor's org wrote it; false otherwise. */
  updateObservation(actor: StoreReader, id: number, draft: ObservationDraft, now: number): Promise<boolean>;
  deleteObservation(actor: StoreReader, id: number): Promise<boolean>;
  /** Marks an observation read or unread for the user; false when the reader may not see it. */
  markRead(reader: StoreWriter, id: number, read: boolean, now: number): Promise<boolean>;

  /** Sets the reader org's answer (one per org, latest wins); false when the reader may not see it. */
  respond(reader: StoreWriter, observationId: number, r: ResponseDraft, now: number): Promise<boolean>;
  responses(reader: StoreReader, observationId: number, k: number): Promise<ResponsesView | null>;
  /** Adds a comment; null when the observation (or the parent comment) is not visible to the reader. */
  comment(reader: StoreWriter, observationId: number, c: { text: string; parentId: number | null; anonymous: boolean }, now: number): Promise<number | null>;
  comments(reader: StoreReader, observationId: number): Promise<ObservationComment[] | null>;

  createQuestion(author: StoreWriter, q: QuestionDraft, now: number): Promise<number>;
  getQuestion(reader: StoreReader, id: number, k: number): Promise<Question | null>;
  listQuestions(reader: StoreReader, k: number, limit: number): Promise<Question[]>;
  /** 'ok', or why not: not visible, past the deadline, no such option. */
  answerQuestion(reader: StoreWriter, id: number, option: number, named: boolean, now: number): Promise<'ok' | 'not_found' | 'closed' | 'bad_option'>;

  createRoom(author: StoreWriter, r: RoomDraft, now: number): Promise<number>;
  getRoom(reader: StoreReader, id: number): Promise<Room | null>;
  listRooms(reader: StoreReader, limit: number): Promise<Room[]>;
  setRoomState(actor: StoreReader, id: number, state: RoomState, now: number): Promise<boolean>;
  setStatus(reader: StoreWriter, roomId: number, s: { status: MemberStatus; note: string; anonymous: boolean }, now: number): Promise<boolean>;
  board(reader: StoreReader, roomId: number): Promise<Board | null>;
  post(reader: StoreWriter, roomId: number, p: { text: string; indicators: ItemIndicator[]; anonymous: boolean }, now: number): Promise<number | null>;
  timeline(reader: StoreReader, roomId: number, limit: number): Promise<TimelinePost[] | null>;
  /** One timeline post; null when the reader may not read the room or there is no such post. */
  roomPost(reader: StoreReader, roomId: number, postId: number): Promise<TimelinePost | null>;
  /** Events after `afterId` (SSE resume), each loaded through the read rule; null when the room is not visible. */
  roomEvents(reader: StoreReader, roomId: number, afterId: number, limit: number): Promise<RoomEvent[] | null>;

  /** Subscribes the user; false for a room the user may not read. */
  subscribe(user: StoreWriter, scope: SubscriptionScope, channels: { email: boolean; webhook: boolean }, now: number): Promise<boolean>;
  unsubscribe(user: StoreWriter, scope: SubscriptionScope): Promise<void>;
  subscriptions(user: StoreWriter): Promise<Subscription[]>;
  /** Subscribers of a scope in user id order; `page` takes those after a user id, at most `limit`. */
  subscribers(scope: SubscriptionScope, page?: { afterUserId: number; limit: number }): Promise<Subscriber[]>;
  /**
   * Outbox rows due at `now`, oldest first, each leased for `leaseMs` (another hub on the same database
   * does not take it meanwhile; a hub that dies leaves it to be taken again when the lease ends).
   */
  claimOutbox(now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** In one transaction: adds the page's in-app notifications (once per user and key), moves the cursor, ends the row when `done`. */
  advanceOutbox(id: number, notes: readonly InAppDraft[], afterUserId: number, done: boolean, now: number): Promise<void>;
  /** Records a failed attempt; the row is taken again at `retryAt`. */
  failOutbox(id: number, error: string, retryAt: number): Promise<void>;
  /** Outbox rows not yet fanned out. */
  outboxBacklog(): Promise<number>;
  /** The user's notifications, newest first, each joined through the read rule. */
  notifications(reader: StoreWriter, limit: number): Promise<InAppNotification[]>;
  markNotificationsSeen(reader: StoreWriter, upToId: number): Promise<void>;

  close(): Promise<void>;
}
