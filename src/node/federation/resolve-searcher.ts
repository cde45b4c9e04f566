import type { Viewer } from '../../core/sharing/access.ts';
import type { IntelStore } from '../../storage/port.ts';

/**
 * The Viewer of the organisation the hub searches for. A known organisation (by uuid, then name) gets its
 * id and sharing groups; an unknown one is a community member with no organisation here (orgId −1 never
 * owns data), so it sees community-distributed GREEN/CLEAR data but no AMBER and no RED.
 */
export async function resolveSearcher(store: IntelStore, searcher: { name: string; uuid?: string | undefined }): Promise<{ viewer: Viewer; orgName: string }> {
  const org = (searcher.uuid ? await store.getOrg(searcher.uuid) : null) ?? (await store.getOrg(searcher.name));
  if (!org) return { viewer: { orgId: -1, sharingGroupIds: [] }, orgName: searcher.name };
  return { viewer: { orgId: org.id, sharingGroupIds: await store.sharingGroupIdsForOrg(org.id) }, orgName: org.name };
}
