/**
 * The SQL form of `core/observations/read-rule.ts`, used by every query that returns a shared item, and
 * the mapping that drops the author organisation of anonymous items before a row leaves storage.
 */
import type { Audience, VisibleAuthor } from '../../core/observations/model.ts';
import { mayKnowAuthor, type ItemReader } from '../../core/observations/read-rule.ts';
import type { HubRole } from '../../core/roles.ts';

/** The reader as storage knows it; its topic groups are looked up in the query itself. */
export interface StoreReader {
  orgId: number;
  role: HubRole;
  /** The reading user, when there is one: read/unread state is per user. */
  userId?: number;
}

export type ShareKind = 'observation' | 'question' | 'room';

/**
 * `WHERE` fragment: the item aliased `t` (columns author_org_id, tlp, audience_kind, audience_group_id, id)
 * is visible to the reader. Mirrors `mayRead` exactly; the storage contract suite checks both agree.
 */
export function visibleSql(kind: ShareKind, reader: StoreReader, alias = 't'): { sql: string; params: unknown[] } {
  const t = alias;
  return {
    sql: `(${t}.author_org_id = ? OR (${t}.tlp NOT IN ('red', 'amber+strict') AND (
      (${t}.audience_kind = 'community' AND ${t}.tlp IN ('clear', 'green'))
      OR (${t}.audience_kind = 'group' AND ${t}.audience_group_id IN (SELECT group_id FROM topic_group_members WHERE org_id = ?))
      OR (${t}.audience_kind = 'orgs' AND EXISTS (SELECT 1 FROM share_audience_orgs a WHERE a.kind = '${kind}' AND a.item_id = ${t}.id AND a.org_id = ?)))))`,
    params: [reader.orgId, reader.orgId, reader.orgId],
  };
}

/** The author as this reader may see it (the org id and name never leave storage otherwise). */
export function visibleAuthor(reader: StoreReader, row: { author_org_id: number | string; anonymous: number | boolean; author_name?: string | null }): VisibleAuthor {
  const anonymous = Boolean(Number(row.anonymous));
  const authorOrgId = Number(row.author_org_id);
  const r: ItemReader = { orgId: reader.orgId, role: reader.role, groupIds: [] };
  return { anonymous, org: mayKnowAuthor(r, { authorOrgId, anonymous }) ? { id: authorOrgId, name: row.author_name ?? '' } : null };
}

/** Rebuilds an item's audience from its columns and its named organisations. */
export function audienceOf(row: { audience_kind: string; audience_group_id: number | string | null }, orgIds: number[]): Audience {
  if (row.audience_kind === 'group') return { kind: 'group', groupId: Number(row.audience_group_id) };
  if (row.audience_kind === 'orgs') return { kind: 'orgs', orgIds };
  return { kind: 'community' };
}

/** Columns for an audience. */
export function audienceColumns(a: Audience): { kind: string; groupId: number | null } {
  return { kind: a.kind, groupId: a.kind === 'group' ? a.groupId : null };
}
