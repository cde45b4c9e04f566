/**
 * The sharing rule (`core/sharing/access.ts` `canView`) for stored rows, in two forms that must agree:
 * a JS check for hydrated rows and an SQL predicate for paginated queries (checked by the contract suite).
 */
import { canView, effectiveDistribution, type Viewer } from '../../core/sharing/access.ts';
import { stricterTlp, type Tlp } from '../../core/sharing/tlp.ts';
import type { Tag } from '../../core/model/event.ts';
import type { StoredAttribute, StoredEvent, StoredObject } from '../port.ts';
import { safeInts, type Sql } from './sql.ts';

const RANKS: Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** TLP as stored: -1 none, 0 clear … 4 red (ordered, so SQL can take the max). */
export function tlpRank(t: Tlp | null): number {
  return t === null ? -1 : RANKS.indexOf(t);
}

export function tlpFromRank(r: number): Tlp | null {
  return r < 0 ? null : (RANKS[r] ?? null);
}

/**
 * Local tags (`local: true`) are for the owning organisation only: every read strips them for any other
 * viewer, so no path (MISP API, exports, TAXII, federation) can hand them out.
 */
export function withoutForeignLocalTags<T extends { tags: readonly Tag[] }>(viewer: Viewer, ownerOrgId: number, item: T): T {
  if ((viewer.orgId !== null && viewer.orgId === ownerOrgId) || !item.tags.some((t) => t.local)) return item;
  return { ...item, tags: item.tags.filter((t) => !t.local) };
}

/** canView for an event. */
export function canViewEvent(viewer: Viewer, e: StoredEvent): boolean {
  return canView(viewer, { ownerOrgId: e.orgId, distribution: e.distribution, sharingGroupId: e.sharingGroupId, tlp: e.tlp });
}

type Shared = Pick<StoredAttribute | StoredObject, 'distribution' | 'sharingGroupId'>;

/**
 * canView for an attribute (or object) inside its event: inherited distribution, stricter of both TLPs.
 * An attribute inside an object is also bound by the object's distribution and sharing group, so pass
 * `object` for every attribute that has one (a missing object hides the attribute).
 */
export function canViewItem(viewer: Viewer, item: Shared & { tlp?: Tlp | null }, e: StoredEvent, object?: Shared | null): boolean {
  if (!canViewEvent(viewer, e)) return false;
  if (object === null) return viewer.orgId !== null && viewer.orgId === e.orgId;
  if (object && !canView(viewer, { ownerOrgId: e.orgId, ...effectiveDistribution(object, e), tlp: e.tlp })) return false;
  const eff = effectiveDistribution(item, e);
  return canView(viewer, { ownerOrgId: e.orgId, ...eff, tlp: stricterTlp(e.tlp, item.tlp ?? null) });
}

interface Cols {
  owner: string;
  dist: string;
  sg: string;
  tlp: string;
}

/** SQL predicate equivalent to `canView` over the given column expressions (tlp as a rank). */
export function visibleSql(viewer: Viewer, c: Cols): string {
  const sgs = safeInts(viewer.sharingGroupIds);
  const inGroup = sgs.length ? `(${c.sg} IN (${sgs.join(',')}))` : '1=0';
  const org = viewer.orgId !== null && Number.isSafeInteger(viewer.orgId) ? viewer.orgId : null;
  const owner = org !== null ? `${c.owner} = ${org}` : '1=0';
  const community = org !== null ? `${c.dist} IN (1,2,3)` : `(${c.dist} IN (1,2,3) AND ${c.tlp} = 0)`;
  return (
    `(${owner} OR (${c.tlp} IN (2,3) AND ${c.dist} = 4 AND ${inGroup})` +
    ` OR (${c.tlp} NOT IN (2,3,4) AND (${community} OR (${c.dist} = 4 AND ${inGroup}))))`
  );
}

/** Visibility of event alias `e`. */
export function eventVisibleSql(viewer: Viewer): string {
  return visibleSql(viewer, { owner: 'e.org_id', dist: 'e.distribution', sg: 'e.sharing_group_id', tlp: 'e.tlp' });
}

/** Visibility of attribute alias `a` in event alias `e` (both checks). */
export function attributeVisibleSql(sql: Sql, viewer: Viewer): string {
  const attr = visibleSql(viewer, {
    owner: 'e.org_id',
    dist: '(CASE WHEN a.distribution = 5 THEN e.distribution ELSE a.distribution END)',
    sg: '(CASE WHEN a.distribution = 5 THEN e.sharing_group_id ELSE a.sharing_group_id END)',
    tlp: sql.greatest('e.tlp', 'a.tlp'),
  });
  const obj = visibleSql(viewer, {
    owner: 'e.org_id',
    dist: '(CASE WHEN o.distribution = 5 THEN e.distribution ELSE o.distribution END)',
    sg: '(CASE WHEN o.distribution = 5 THEN e.sharing_group_id ELSE o.sharing_group_id END)',
    tlp: 'e.tlp',
  });
  // The owner sees its objects whatever their distribution; others only through a visible object.
  const own = viewer.orgId !== null && Number.isSafeInteger(viewer.orgId) ? `e.org_id = ${viewer.orgId} OR ` : '';
  const inObject = `(${own}a.object_id IS NULL OR EXISTS (SELECT 1 FROM objects o WHERE o.id = a.object_id AND ${obj}))`;
  return `(${eventVisibleSql(viewer)} AND ${attr} AND ${inObject})`;
}
