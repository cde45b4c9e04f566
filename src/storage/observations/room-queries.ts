/** Incident rooms: the room, its status board, its timeline and its event log (the SSE stream replays it). */
import type { ItemIndicator } from '../../core/observations/model.ts';
import { boardCounts, type Board, type MemberStatus, type Room, type RoomDraft, type RoomState, type TimelinePost } from '../../core/observations/room.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { enqueueOutbox } from './outbox-queries.ts';
import type { OutboxChange, RoomEvent, StoreReader, StoreWriter } from './port.ts';
import { audienceOrgs, bit, flag, num, shownOrgIds, writeShareRows } from './rows.ts';
import { audienceColumns, audienceOf, visibleAuthor, visibleSql } from './visibility.ts';

type RRow = { id: number; author_org_id: number; author_name: string; anonymous: number; title: string; description: string; tlp: string; audience_kind: string; audience_group_id: number | null; severity: string; state: string; created_at: number; updated_at: number };
type PRow = { id: number; room_id: number; org_id: number; author_name: string; text: string; indicators: string; anonymous: number; at: number };

/** Builds the room queries on a runner. */
export function roomQueries(db: SqlRunner) {
  const hydrate = async (reader: StoreReader, rows: RRow[]): Promise<Room[]> => {
    const orgs = await audienceOrgs(db, 'room', rows.map((r) => num(r.id)));
    return rows.map((r) => ({
      id: num(r.id), title: r.title, description: r.description, tlp: r.tlp as Tlp,
      audience: audienceOf(r, shownOrgIds(reader, num(r.author_org_id), orgs.get(num(r.id)) ?? [])),
      severity: r.severity as Room['severity'], state: r.state as RoomState, anonymous: flag(r.anonymous),
      author: visibleAuthor(reader, r), mine: num(r.author_org_id) === reader.orgId, createdAt: num(r.created_at), updatedAt: num(r.updated_at),
    }));
  };
  const select = (reader: StoreReader) => {
    const v = visibleSql('room', reader);
    return { sql: `SELECT t.*, o.name AS author_name FROM obs_rooms t JOIN hub_orgs o ON o.id = t.author_org_id WHERE ${v.sql}`, params: v.params };
  };
  const getRoom = async (reader: StoreReader, id: number): Promise<Room | null> => {
    const s = select(reader);
    return (await hydrate(reader, await db.all<RRow>(`${s.sql} AND t.id = ?`, [...s.params, id])))[0] ?? null;
  };
  const visible = async (reader: StoreReader, id: number): Promise<boolean> => {
    const v = visibleSql('room', reader);
    return (await db.all(`SELECT 1 FROM obs_rooms t WHERE t.id = ? AND ${v.sql}`, [id, ...v.params])).length > 0;
  };
  /** Logs a room event (the SSE stream replays it); a change subscribers hear of also goes to the outbox. */
  const event = async (tx: SqlRunner, roomId: number, kind: string, refId: number | null, actor: StoreReader, now: number, tell: OutboxChange | null): Promise<void> => {
    const [row] = await tx.all<{ id: number }>('INSERT INTO obs_room_events (room_id, kind, ref_id, org_id, at) VALUES (?, ?, ?, ?, ?) RETURNING id', [roomId, kind, refId, actor.orgId, now]);
    if (tell) await enqueueOutbox(tx, { key: `room:${roomId}:${tell}:${num(row!.id)}`, kind: 'room', itemId: roomId, change: tell, refId: tell === 'post' ? refId : null, actorUserId: actor.userId ?? 0, at: now });
  };
  const toPost = (reader: StoreReader, r: PRow): TimelinePost => ({
    id: num(r.id), roomId: num(r.room_id), text: r.text, indicators: JSON.parse(r.indicators) as ItemIndicator[],
    author: visibleAuthor(reader, { author_org_id: r.org_id, anonymous: r.anonymous, author_name: r.author_name }), mine: num(r.org_id) === reader.orgId, at: num(r.at),
  });
  const board = async (reader: StoreReader, roomId: number): Promise<Board | null> => {
    if (!(await visible(reader, roomId))) return null;
    const rows = await db.all<{ org_id: number; author_name: string; status: string; note: string; anonymous: number; at: number }>(
      'SELECT s.org_id, o.name AS author_name, s.status, s.note, s.anonymous, s.at FROM obs_room_statuses s JOIN hub_orgs o ON o.id = s.org_id WHERE s.room_id = ? ORDER BY s.at DESC, s.org_id',
      [roomId],
    );
    const lines = rows.map((r) => ({
      status: r.status as MemberStatus, note: r.note,
      author: visibleAuthor(reader, { author_org_id: r.org_id, anonymous: r.anonymous, author_name: r.author_name }), mine: num(r.org_id) === reader.orgId, at: num(r.at),
    }));
    return { counts: boardCounts(lines), lines };
  };
  const POST_SELECT = 'SELECT p.*, o.name AS author_name FROM obs_room_posts p JOIN hub_orgs o ON o.id = p.org_id';

  return {
    getRoom,
    board,
    async createRoom(author: StoreWriter, r: RoomDraft, now: number): Promise<number> {
      const a = audienceColumns(r.audience);
      return db.transaction(async (tx) => {
        const [row] = await tx.all<{ id: number }>(
          `INSERT INTO obs_rooms (author_org_id, author_user_id, anonymous, title, description, tlp, audience_kind, audience_group_id, severity, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id`,
          [author.orgId, author.userId, bit(r.anonymous), r.title, r.description, r.tlp, a.kind, a.groupId, r.severity, now, now],
        );
        const id = num(row!.id);
        await writeShareRows(tx, 'room', id, r.audience.kind === 'orgs' ? r.audience.orgIds : [], []);
        await event(tx, id, 'room', id, author, now, null);
        return id;
      });
    },
    async listRooms(reader: StoreReader, limit: number): Promise<Room[]> {
      const s = select(reader);
      return hydrate(reader, await db.all<RRow>(`${s.sql} ORDER BY t.id DESC LIMIT ?`, [...s.params, limit]));
    },
    async setRoomState(actor: StoreReader, id: number, state: RoomState, now: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const n = await tx.run('UPDATE obs_rooms SET state = ?, updated_at = ? WHERE id = ? AND author_org_id = ?', [state, now, id, actor.orgId]);
        if (n > 0) await event(tx, id, 'room', id, actor, now, 'state');
        return n > 0;
      });
    },
    async setStatus(reader: StoreWriter, roomId: number, s: { status: MemberStatus; note: string; anonymous: boolean }, now: number): Promise<boolean> {
      if (!(await visible(reader, roomId))) return false;
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM obs_room_statuses WHERE room_id = ? AND org_id = ?', [roomId, reader.orgId]);
        await tx.run('INSERT INTO obs_room_statuses (room_id, org_id, status, note, anonymous, at) VALUES (?, ?, ?, ?, ?, ?)', [roomId, reader.orgId, s.status, s.note, bit(s.anonymous), now]);
        await event(tx, roomId, 'status', null, reader, now, 'status');
      });
      return true;
    },
    async post(reader: StoreWriter, roomId: number, p: { text: string; indicators: ItemIndicator[]; anonymous: boolean }, now: number): Promise<number | null> {
      if (!(await visible(reader, roomId))) return null;
      return db.transaction(async (tx) => {
        const [row] = await tx.all<{ id: number }>('INSERT INTO obs_room_posts (room_id, org_id, user_id, text, indicators, anonymous, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id', [roomId, reader.orgId, reader.userId, p.text, JSON.stringify(p.indicators), bit(p.anonymous), now]);
        const id = num(row!.id);
        await event(tx, roomId, 'post', id, reader, now, 'post');
        return id;
      });
    },
    async timeline(reader: StoreReader, roomId: number, limit: number): Promise<TimelinePost[] | null> {
      if (!(await visible(reader, roomId))) return null;
      const rows = await db.all<PRow>(`${POST_SELECT} WHERE p.room_id = ? ORDER BY p.id DESC LIMIT ?`, [roomId, limit]);
      return rows.reverse().map((r) => toPost(reader, r));
    },
    async roomPost(reader: StoreReader, roomId: number, postId: number): Promise<TimelinePost | null> {
      if (!(await visible(reader, roomId))) return null;
      const [p] = await db.all<PRow>(`${POST_SELECT} WHERE p.id = ? AND p.room_id = ?`, [postId, roomId]);
      return p ? toPost(reader, p) : null;
    },
    async roomEvents(reader: StoreReader, roomId: number, afterId: number, limit: number): Promise<RoomEvent[] | null> {
      if (!(await visible(reader, roomId))) return null;
      const evs = await db.all<{ id: number; kind: string; ref_id: number | null }>('SELECT id, kind, ref_id FROM obs_room_events WHERE room_id = ? AND id > ? ORDER BY id LIMIT ?', [roomId, afterId, limit]);
      const out: RoomEvent[] = [];
      for (const e of evs) {
        const id = num(e.id);
        if (e.kind === 'post') {
          const [p] = await db.all<PRow>(`${POST_SELECT} WHERE p.id = ? AND p.room_id = ?`, [e.ref_id, roomId]);
          if (p) out.push({ id, kind: 'post', post: toPost(reader, p) });
        } else if (e.kind === 'status') {
          const b = await board(reader, roomId);
          if (b) out.push({ id, kind: 'status', board: b });
        } else {
          const r = await getRoom(reader, roomId);
          if (r) out.push({ id, kind: 'room', room: r });
        }
      }
      return out;
    },
  };
}
