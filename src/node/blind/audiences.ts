/**
 * Audiences of the node's token sets, derived from the one sharing rule (`core/sharing/access.ts`) for
 * searchers that have an organisation: `community` (distribution 1–3, not AMBER), `group:<uuid>` (sharing
 * group distribution, AMBER included) and `org:<uuid>` (everything the owner may take off the node). TLP:RED
 * is in none: it never leaves its organisation, not even as a token.
 */
import type { Viewer } from '../../core/sharing/access.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { Distribution } from '../../core/model/event.ts';

export const COMMUNITY = 'community';

/** The audiences one attribute is published in. */
export function audiencesOf(item: { ownerUuid: string; tlp: Tlp | null; distribution: Distribution; sharingGroupUuid: string | null }): string[] {
  if (item.tlp === 'red') return [];
  const out = [`org:${item.ownerUuid}`];
  const group = item.distribution === 4 && item.sharingGroupUuid ? `group:${item.sharingGroupUuid}` : null;
  if (item.tlp === 'amber' || item.tlp === 'amber+strict') {
    if (group) out.push(group);
  } else if (item.distribution >= 1 && item.distribution <= 3) out.push(COMMUNITY);
  else if (group) out.push(group);
  return out;
}

/** The audiences a searcher sees: the community, its sharing groups, and its own data when it owns any here. */
export function audiencesFor(viewer: Viewer, orgUuid: string | null, groupUuids: ReadonlyMap<number, string>): string[] {
  const out = [COMMUNITY];
  for (const id of viewer.sharingGroupIds) {
    const u = groupUuids.get(id);
    if (u) out.push(`group:${u}`);
  }
  if (orgUuid && viewer.orgId !== null && viewer.orgId > 0) out.push(`org:${orgUuid}`);
  return out;
}
