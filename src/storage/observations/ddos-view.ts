/**
 * The read of a DDoS room, for the API, the SSE stream (`roomEvents`) and exports alike: nothing unless the
 * reader may read the room (`visibleSql`); the target only to the opener's organisation when hidden; and
 * of the posted addresses only those owned by an approved registration of the reader's own member.
 */
import { OWN_SPACE_SHOWN, mitigationCounts, visibleTarget, type AddressRole, type DdosVector, type DdosView, type Mitigation, type OwnSpaceAddress } from '../../core/observations/ddos.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { StoreReader } from './visibility.ts';
import { flag, num } from './rows.ts';
import { visibleAuthor, visibleSql } from './visibility.ts';

/** Addresses owned by the reader's member through a registration that is still approved. */
const OWN_SPACE = `FROM ddos_addresses a
  JOIN as_claims c ON c.id = a.claim_id AND c.member_id = a.owner_member_id AND c.state = 'approved'
  JOIN hub_members m ON m.id = a.owner_member_id
  WHERE a.room_id = ? AND m.org_id = ?`;

/** Builds the view query on a runner. */
export function ddosViewQuery(db: SqlRunner) {
  return {
    /** The DDoS part of room `roomId` as `reader` may see it (at most `ownLimit` own-space addresses); null when not visible or not a DDoS room. */
    async view(reader: StoreReader, roomId: number, ownLimit: number = OWN_SPACE_SHOWN): Promise<DdosView | null> {
      const v = visibleSql('room', reader);
      const [room] = await db.all<{ author_org_id: number; target: string | null; target_hidden: number; vectors: string }>(
        `SELECT t.author_org_id, d.target, d.target_hidden, d.vectors FROM obs_rooms t JOIN ddos_rooms d ON d.room_id = t.id WHERE t.id = ? AND ${v.sql}`,
        [roomId, ...v.params],
      );
      if (!room) return null;
      const draft = { target: room.target, targetHidden: flag(room.target_hidden), vectors: JSON.parse(room.vectors) as DdosVector[] };
      const lines = (await db.all<{ org_id: number; author_name: string; status: string; note: string; anonymous: number; at: number }>(
        'SELECT x.org_id, o.name AS author_name, x.status, x.note, x.anonymous, x.at FROM ddos_mitigations x JOIN hub_orgs o ON o.id = x.org_id WHERE x.room_id = ? ORDER BY x.at DESC, x.org_id',
        [roomId],
      )).map((r) => ({
        status: r.status as Mitigation, note: r.note, at: num(r.at), mine: num(r.org_id) === reader.orgId,
        author: visibleAuthor(reader, { author_org_id: r.org_id, anonymous: r.anonymous, author_name: r.author_name }),
      }));
      // Sources first, then reflectors, each in address order (IPv4 before IPv6); one page from SQL.
      const rows = await db.all<{ address: string; role: string; prefix: string; reporters: number; first_at: number; last_at: number }>(
        `SELECT a.address, a.role, a.prefix, COUNT(DISTINCT a.reporter_org_id) AS reporters, MIN(a.first_at) AS first_at, MAX(a.last_at) AS last_at ${OWN_SPACE}
         GROUP BY a.role, a.addr_key, a.address, a.prefix ORDER BY CASE a.role WHEN 'source' THEN 0 ELSE 1 END, a.addr_key LIMIT ?`,
        [roomId, reader.orgId, Math.min(ownLimit, 2 ** 31 - 1)],
      );
      const [total] = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT a.role, a.address ${OWN_SPACE}) x`, [roomId, reader.orgId]);
      const named = await db.all<{ address: string; role: string; name: string }>(
        `SELECT DISTINCT a.address, a.role, o.name ${OWN_SPACE.replace('WHERE', 'JOIN hub_orgs o ON o.id = a.reporter_org_id WHERE')} AND a.named = 1 ORDER BY o.name`,
        [roomId, reader.orgId],
      );
      const namesOf = new Map<string, string[]>();
      for (const n of named) namesOf.set(`${n.role} ${n.address}`, [...(namesOf.get(`${n.role} ${n.address}`) ?? []), n.name]);
      const ownSpace: OwnSpaceAddress[] = rows.map((r) => ({
        address: r.address, role: r.role as AddressRole, prefix: r.prefix, reporters: num(r.reporters),
        namedReporters: namesOf.get(`${r.role} ${r.address}`) ?? [], firstAt: num(r.first_at), lastAt: num(r.last_at),
      }));
      const posts = (await db.all<{ post_id: number; sources: number; reflectors: number }>('SELECT post_id, sources, reflectors FROM ddos_posts WHERE room_id = ? ORDER BY post_id', [roomId]))
        .map((p) => ({ postId: num(p.post_id), sources: num(p.sources), reflectors: num(p.reflectors) }));
      return {
        details: { target: visibleTarget(reader.orgId, num(room.author_org_id), draft), targetHidden: draft.targetHidden, vectors: draft.vectors },
        mitigation: { counts: mitigationCounts(lines), lines },
        ownSpace,
        ownSpaceTotal: num(total!.n),
        posts,
      };
    },
  };
}
