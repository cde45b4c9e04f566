/** Writes every room kind shares (the room row, a timeline post, an event-log entry), inside a caller's transaction. */
import type { ItemIndicator } from '../../core/observations/model.ts';
import type { RoomDraft, RoomKind } from '../../core/observations/room.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { enqueueOutbox } from './outbox-queries.ts';
import type { OutboxChange, StoreWriter } from './port.ts';
import { bit, num, writeShareRows } from './rows.ts';
import { audienceColumns } from './visibility.ts';

/**
 * Appends to the room's event log (what the SSE stream replays); a change subscribers hear of (`tell`)
 * also goes to the notification outbox in the same transaction. Returns the event id.
 */
export async function roomEvent(tx: SqlRunner, roomId: number, kind: 'room' | 'post' | 'status' | 'ddos', refId: number | null, actor: { orgId: number; userId?: number | null }, now: number, tell: OutboxChange | null = null): Promise<number> {
  const [row] = await tx.all<{ id: number }>('INSERT INTO obs_room_events (room_id, kind, ref_id, org_id, at) VALUES (?, ?, ?, ?, ?) RETURNING id', [roomId, kind, refId, actor.orgId, now]);
  const id = num(row!.id);
  if (tell) await enqueueOutbox(tx, { key: `room:${roomId}:${tell}:${id}`, kind: 'room', itemId: roomId, change: tell, refId: tell === 'post' ? refId : null, actorUserId: actor.userId ?? 0, at: now });
  return id;
}

/** Inserts an open room with its named organisations and its first event; returns its id. */
export async function insertRoom(tx: SqlRunner, author: StoreWriter, r: RoomDraft, kind: RoomKind, now: number): Promise<number> {
  const a = audienceColumns(r.audience);
  const [row] = await tx.all<{ id: number }>(
    `INSERT INTO obs_rooms (author_org_id, author_user_id, anonymous, title, description, tlp, audience_kind, audience_group_id, severity, state, kind, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id`,
    [author.orgId, author.userId, bit(r.anonymous), r.title, r.description, r.tlp, a.kind, a.groupId, r.severity, kind, now, now],
  );
  const id = num(row!.id);
  await writeShareRows(tx, 'room', id, r.audience.kind === 'orgs' ? r.audience.orgIds : [], []);
  await roomEvent(tx, id, 'room', id, author, now);
  return id;
}

/** Inserts a timeline post and its event; returns the post id. */
export async function insertPost(tx: SqlRunner, writer: StoreWriter, roomId: number, p: { text: string; indicators: ItemIndicator[]; anonymous: boolean }, now: number): Promise<number> {
  const [row] = await tx.all<{ id: number }>('INSERT INTO obs_room_posts (room_id, org_id, user_id, text, indicators, anonymous, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id', [roomId, writer.orgId, writer.userId, p.text, JSON.stringify(p.indicators), bit(p.anonymous), now]);
  const id = num(row!.id);
  await roomEvent(tx, roomId, 'post', id, writer, now, 'post');
  return id;
}
