/** Topic groups: a group's members receive what targets the group. */
import type { SqlRunner } from '../hub/runner.ts';
import type { StoreReader, StoreWriter, TopicGroup } from './port.ts';
import { flag, num } from './rows.ts';

type GroupRow = { id: number; name: string; member_count: number | string; joined: number | string };

/** Builds the group queries on a runner. */
export function groupQueries(db: SqlRunner) {
  const get = async (reader: StoreReader, id: number): Promise<TopicGroup | null> => {
    const rows = await db.all<GroupRow>(
      `SELECT g.id, g.name, (SELECT COUNT(*) FROM topic_group_members m WHERE m.group_id = g.id) AS member_count,
         (SELECT COUNT(*) FROM topic_group_members m WHERE m.group_id = g.id AND m.org_id = ?) AS joined
       FROM topic_groups g WHERE g.id = ?`,
      [reader.orgId, id],
    );
    const r = rows[0];
    return r ? { id: num(r.id), name: r.name, memberCount: num(r.member_count), joined: flag(r.joined) } : null;
  };
  return {
    async createGroup(owner: StoreWriter, name: string, orgIds: number[], now: number): Promise<TopicGroup> {
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.all<{ id: number }>('INSERT INTO topic_groups (name, owner_org_id, created_at) VALUES (?, ?, ?) RETURNING id', [name, owner.orgId, now]);
        const gid = num(row!.id);
        for (const o of new Set([owner.orgId, ...orgIds])) await tx.run('INSERT INTO topic_group_members (group_id, org_id) VALUES (?, ?)', [gid, o]);
        return gid;
      });
      return (await get(owner, id))!;
    },
    /** The groups the reader's org belongs to; a hub admin sees every group. */
    async listGroups(reader: StoreReader): Promise<TopicGroup[]> {
      const rows = await db.all<GroupRow>(
        `SELECT g.id, g.name, (SELECT COUNT(*) FROM topic_group_members m WHERE m.group_id = g.id) AS member_count,
           (SELECT COUNT(*) FROM topic_group_members m WHERE m.group_id = g.id AND m.org_id = ?) AS joined
         FROM topic_groups g ORDER BY g.name`,
        [reader.orgId],
      );
      return rows.map((r) => ({ id: num(r.id), name: r.name, memberCount: num(r.member_count), joined: flag(r.joined) })).filter((g) => g.joined || reader.role === 'hub-admin');
    },
    async setGroupMember(actor: StoreReader, groupId: number, orgId: number, member: boolean): Promise<boolean> {
      const rows = await db.all<{ owner_org_id: number }>('SELECT owner_org_id FROM topic_groups WHERE id = ?', [groupId]);
      const g = rows[0];
      if (!g || (num(g.owner_org_id) !== actor.orgId && actor.role !== 'hub-admin')) return false;
      if (member) {
        const dup = await db.all('SELECT 1 FROM topic_group_members WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
        if (dup.length === 0) await db.run('INSERT INTO topic_group_members (group_id, org_id) VALUES (?, ?)', [groupId, orgId]);
      } else {
        await db.run('DELETE FROM topic_group_members WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
      }
      return true;
    },
  };
}
