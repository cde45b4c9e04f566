/** Hit contexts for a blind hit, as the plain federation answer builds them, with the owner hit log rows. */
import type { HitContext } from '../../contracts/federation.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import { mayLeaveOrganisation, stricterTlp, tlpOf } from '../../core/sharing/tlp.ts';
import type { OwnedHit } from '../../storage/node-meta/port.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { WarninglistCheck } from '../misp/warninglist-check.ts';

/**
 * Contexts of the given attributes the viewer may see (the store applies the sharing rule; RED is dropped
 * as in the plain answer), each with the match its token stands for; log rows go to `log`.
 */
export async function blindHitContexts(
  deps: { store: IntelStore; warninglists: WarninglistCheck },
  viewer: Viewer,
  matches: Map<number, MatchKind>,
  logAs: { searchId: string; searcherOrg: string; value: string; at: number },
  log: OwnedHit[],
): Promise<HitContext[]> {
  if (matches.size === 0) return [];
  const page = await deps.store.searchAttributes({ attributeIds: [...matches.keys()], limit: matches.size }, viewer);
  const out: HitContext[] = [];
  const orgs = new Map<number, string>();
  for (const { attribute: a, event: e } of page.items) {
    if (!mayLeaveOrganisation(stricterTlp(tlpOf(e.tags), tlpOf(a.tags)))) continue;
    if (!orgs.has(e.orgcId)) orgs.set(e.orgcId, (await deps.store.getOrg(e.orgcId))?.name ?? '');
    const match = matches.get(a.id)!;
    out.push({
      match,
      attribute: { uuid: a.uuid, type: a.type, category: a.category, value: a.value, toIds: a.toIds, comment: a.comment, firstSeen: a.firstSeen, lastSeen: a.lastSeen, timestamp: a.timestamp, tags: a.tags.map((t) => t.name) },
      event: { uuid: e.uuid, info: e.info, date: e.date, orgc: orgs.get(e.orgcId)!, tags: e.tags.map((t) => t.name), threatLevel: e.threatLevel },
      warninglists: deps.warninglists.listsFor(a.type, a.value),
    });
    log.push({ ...logAs, type: a.type, attributeUuid: a.uuid, eventUuid: e.uuid, match, ownerOrgId: e.orgId });
  }
  return out;
}
