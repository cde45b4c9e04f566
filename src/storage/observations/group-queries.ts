/**
 * Topic groups: a group's members receive what targets the group. Owners ask for organisations to be
 * added; a hub admin approves each request before the organisation counts as a member (and reads).
 */
import { groupActive } from '../../core/observations/groups.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { StoreReader, StoreWriter, TopicGroup } from './port.ts';
import { flag, num } from './rows.ts';

type GroupRow = { id: number; name: string; owner_org_id: number; member_count: number | string; joined: number | string };

const GROUP_SELECT = `SELECT g.id, g.name, g.owner_org_id, (SELECT COUNT(*) FROM topic_group_members m WHERE m.group_id = g.id) AS member_count,
  (SELECT COUNT(*) FROM topic_group_members m WHERE m.group_id = g.id AND m.org_id = ?) AS joined FROM topic_groups g`;

/** Builds the group queries on a runner. */
export function groupQueries(db: SqlRunner) {
  const hydrate = async (reader: StoreReader, rows: GroupRow[]): Promise<TopicGroup[]> => {
    const out: TopicGroup[] = [];
    for (const r of rows) {
      const owned = num(r.owner_org_id) === reader.orgId;
      const pending = owned || reader.role === 'hub-admin'
        ? (await db.all<{ org_id: number; name: string }>('SELECT q.org_id, o.name FROM topic_group_requests q JOIN hub_orgs o ON o.id = q.org_id WHERE q.group_id = ? ORDER BY q.org_id', [r.id])).map((p) => ({ orgId: num(p.org_id), name: p.name }))
        : [];
      const memberCount = num(r.member_count);
      out.push({ id: num(r.id), name: r.name, memberCount, active: groupActive(memberCount), joined: flag(r.joined), owned, pending });
    }
    return out;
  };
  const get = async (reader: StoreReader, id: number): Promise<TopicGroup | null> => (await hydrate(reader, await db.all<GroupRow>(`${GROUP_SELECT} WHERE g.id = ?`, [reader.orgId, id])))[0] ?? null;
  const ownerOf = async (groupId: number): Promise<number | null> => {
    const rows = await db.all<{ owner_org_id: number }>('SELECT owner_org_id FROM topic_groups WHERE id = ?', [groupId]);
    return rows[0] ? num(rows[0].owner_org_id) : null;
  };
  return {
    getGroup: get,
    async createGroup(owner: StoreWriter, name: string, orgIds: number[], now: number): Promise<TopicGroup> {
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.all<{ id: number }>('INSERT INTO topic_groups (name, owner_org_id, created_at) VALUES (?, ?, ?) RETURNING id', [name, owner.orgId, now]);
        const gid = num(row!.id);
        for (const o of new Set([owner.orgId, ...orgIds])) await tx.run('INSERT INTO topic_group_members (group_id, org_id) VALUES (?, ?)', [gid, o]);
        return gid;
      });
      return (await get(owner, id))!;
    },
    /** The groups the reader's org belongs to or owns; a hub admin sees every group. */
    async listGroups(reader: StoreReader): Promise<TopicGroup[]> {
      const groups = await hydrate(reader, await db.all<GroupRow>(`${GROUP_SELECT} ORDER BY g.name`, [reader.orgId]));
      return groups.filter((g) => g.joined || g.owned || reader.role === 'hub-admin');
    },
    async setGroupMember(actor: StoreReader, groupId: number, orgId: number, member: boolean): Promise<boolean> {
      const owner = await ownerOf(groupId);
      if (owner === null || (owner !== actor.orgId && actor.role !== 'hub-admin')) return false;
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM topic_group_requests WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
        await tx.run('DELETE FROM topic_group_members WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
        if (member) await tx.run('INSERT INTO topic_group_members (group_id, org_id) VALUES (?, ?)', [groupId, orgId]);
      });
      return true;
    },
    async requestGroupMember(actor: StoreReader, groupId: number, orgId: number, now: number): Promise<boolean> {
      if ((await ownerOf(groupId)) !== actor.orgId) return false;
      const member = await db.all('SELECT 1 FROM topic_group_members WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
      if (member.length > 0) return true;
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM topic_group_requests WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
        await tx.run('INSERT INTO topic_group_requests (group_id, org_id, requested_by, at) VALUES (?, ?, ?, ?)', [groupId, orgId, actor.orgId, now]);
      });
      return true;
    },
    async decideGroupMember(groupId: number, orgId: number, approve: boolean): Promise<boolean> {
      return db.transaction(async (tx) => {
        const n = await tx.run('DELETE FROM topic_group_requests WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
        if (n === 0) return false;
        if (approve) {
          await tx.run('DELETE FROM topic_group_members WHERE group_id = ? AND org_id = ?', [groupId, orgId]);
          await tx.run('INSERT INTO topic_group_members (group_id, org_id) VALUES (?, ?)', [groupId, orgId]);
        }
        return true;
      });
    },
  };
}
