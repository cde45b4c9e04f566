/**
 * The sharing rule (`core/sharing/access.ts` `canView`) for stored rows, in two forms that must agree:
 * a JS check for hydrated rows and an SQL predicate for paginated queries (checked by the contract suite).
 */
import { canView, effectiveDistribution, type Viewer } from '../../core/sharing/access.ts';
import { stricterTlp, type Tlp } from '../../core/sharing/tlp.ts';
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

/** canView for an event. */
export function canViewEvent(viewer: Viewer, e: StoredEvent): boolean {
  return canView(viewer, { ownerOrgId: e.orgId, distribution: e.distribution, sharingGroupId: e.sharingGroupId, tlp: e.tlp });
}

/** canView for an attribute (or object) inside its event: inherited distribution, stricter of both TLPs. */
export function canViewItem(
  viewer: Viewer,
  item: Pick<StoredAttribute | StoredObject, 'distribution' | 'sharingGroupId'> & { tlp?: Tlp | null },
  e: StoredEvent,
): boolean {
  if (!canViewEvent(viewer, e)) return false;
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
  return `(${eventVisibleSql(viewer)} AND ${attr})`;
}
