import type { Distribution } from '../model/event.ts';
import type { Tlp } from './tlp.ts';

/**
 * Who is reading. `orgId` is the store's id for the viewer's organisation; `sharingGroupIds` are the
 * sharing groups that name it. `null` orgId means a caller with no organisation (sees only CLEAR with
 * community distribution).
 */
export interface Viewer {
  orgId: number | null;
  sharingGroupIds: readonly number[];
}

/** What the access rule needs to know about one attribute (after inheriting from its event). */
export interface SharedItem {
  ownerOrgId: number;
  /** Effective distribution: the attribute's, or the event's when the attribute says 5 (inherit). */
  distribution: Distribution;
  sharingGroupId: number | null;
  /** Most restrictive TLP of the event's and the attribute's tags. */
  tlp: Tlp | null;
}

/**
 * The one sharing rule, applied identically on every read path:
 * the owner sees everything; TLP:RED never leaves the owner; AMBER and AMBER+STRICT only reach
 * organisations named by the item's sharing group; otherwise MISP distribution decides
 * (0 owner only, 1–3 everyone with access to this node, 4 the sharing group's organisations).
 */
export function canView(viewer: Viewer, item: SharedItem): boolean {
  if (viewer.orgId !== null && viewer.orgId === item.ownerOrgId) return true;
  if (item.tlp === 'red') return false;
  const inGroup = item.sharingGroupId !== null && viewer.sharingGroupIds.includes(item.sharingGroupId);
  if (item.tlp === 'amber' || item.tlp === 'amber+strict') return item.distribution === 4 && inGroup;
  switch (item.distribution) {
    case 0:
      return false;
    case 1:
    case 2:
    case 3:
      return viewer.orgId !== null || item.tlp === 'clear';
    case 4:
      return inGroup;
    default:
      return false;
  }
}

/** Resolves MISP's distribution 5 (inherit) against the event's distribution and sharing group. */
export function effectiveDistribution(
  attr: { distribution: Distribution; sharingGroupId: number | null },
  event: { distribution: Distribution; sharingGroupId: number | null },
): { distribution: Distribution; sharingGroupId: number | null } {
  if (attr.distribution === 5) return { distribution: event.distribution, sharingGroupId: event.sharingGroupId };
  return attr;
}
