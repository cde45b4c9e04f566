/** The DDoS room store on the hub's `SqlRunner` (SQLite and PostgreSQL with the same queries). */
import { ipKey } from '../../core/indicators/ip.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { ddosSteps } from './ddos-schema.ts';
import type { DdosRoomStore } from './ddos-port.ts';
import { ddosViewQuery } from './ddos-view.ts';
import { insertPost, insertRoom, roomEvent } from './room-writes.ts';
import { bit } from './rows.ts';
import { visibleSql } from './visibility.ts';

/** Addresses per multi-row upsert (11 parameters each: under SQLite's and PostgreSQL's limits). */
const UPSERT_CHUNK = 500;

/** Builds the store (the runner belongs to the hub storage). */
export function createSqlDdosRoomStore(db: SqlRunner): DdosRoomStore {
  const { view } = ddosViewQuery(db);
  const isVisibleDdos = async (reader: { orgId: number; role: Parameters<typeof visibleSql>[1]['role'] }, roomId: number): Promise<boolean> => {
    const v = visibleSql('room', reader);
    return (await db.all(`SELECT 1 FROM obs_rooms t JOIN ddos_rooms d ON d.room_id = t.id WHERE t.id = ? AND ${v.sql}`, [roomId, ...v.params])).length > 0;
  };
  return {
    migrate: () => migrateOn(db, 'ddos-rooms', ddosSteps(db.dialect)),
    view,
    async createDdosRoom(author, room, d, now) {
      return db.transaction(async (tx) => {
        const id = await insertRoom(tx, author, room, 'ddos', now);
        await tx.run('INSERT INTO ddos_rooms (room_id, target, target_hidden, vectors) VALUES (?, ?, ?, ?)', [id, d.target, bit(d.targetHidden), JSON.stringify(d.vectors)]);
        return id;
      });
    },
    async setMitigation(writer, roomId, m, now) {
      if (!(await isVisibleDdos(writer, roomId))) return false;
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM ddos_mitigations WHERE room_id = ? AND org_id = ?', [roomId, writer.orgId]);
        await tx.run('INSERT INTO ddos_mitigations (room_id, org_id, status, note, anonymous, at) VALUES (?, ?, ?, ?, ?, ?)', [roomId, writer.orgId, m.status, m.note, bit(m.anonymous), now]);
        // Subscribers hear of it as a status board change (no names in the message).
        await roomEvent(tx, roomId, 'ddos', null, writer, now, 'status');
      });
      return true;
    },
    async postAddresses(writer, roomId, p, now) {
      if (!(await isVisibleDdos(writer, roomId))) return null;
      return db.transaction(async (tx) => {
        const postId = await insertPost(tx, writer, roomId, { text: p.note, indicators: [], anonymous: !p.named }, now);
        await tx.run('INSERT INTO ddos_posts (post_id, room_id, sources, reflectors) VALUES (?, ?, ?, ?)', [postId, roomId, p.counts.sources, p.counts.reflectors]);
        // A repeat by the same organisation moves last_at; being named once is kept. Multi-row upserts in
        // chunks: one round trip per 500 addresses, not one per address.
        for (let i = 0; i < p.owned.length; i += UPSERT_CHUNK) {
          const chunk = p.owned.slice(i, i + UPSERT_CHUNK);
          await tx.run(
            `INSERT INTO ddos_addresses (room_id, role, address, reporter_org_id, owner_member_id, claim_id, prefix, addr_key, named, first_at, last_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
             ON CONFLICT (room_id, role, address, reporter_org_id) DO UPDATE SET last_at = excluded.last_at, named = CASE WHEN ddos_addresses.named = 1 OR excluded.named = 1 THEN 1 ELSE 0 END,
               owner_member_id = excluded.owner_member_id, claim_id = excluded.claim_id, prefix = excluded.prefix`,
            chunk.flatMap((a) => [roomId, a.role, a.address, writer.orgId, a.ownerMemberId, a.claimId, a.prefix, ipKey(a.address), bit(p.named), now, now]),
          );
        }
        await roomEvent(tx, roomId, 'ddos', postId, writer, now);
        return postId;
      });
    },
    async readersAmong(roomId, orgIds) {
      const out: number[] = [];
      for (const orgId of new Set(orgIds)) {
        // Role does not enter the read rule; an owner is read as an analyst of its organisation.
        const v = visibleSql('room', { orgId, role: 'analyst' });
        if ((await db.all(`SELECT 1 FROM obs_rooms t WHERE t.id = ? AND ${v.sql}`, [roomId, ...v.params])).length > 0) out.push(orgId);
      }
      return out;
    },
  };
}
