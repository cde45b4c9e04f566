/**
 * The node side of a federated search: look the hub's pre-normalised values up for the searching
 * organisation, answer per value index, and log every hit (never a non-hit) in the owner hit log.
 * TLP:RED data is never part of an answer, whoever searches (it does not leave the organisation).
 */
import type { FederationSearchRequest, FederationSearchResponse, HitContext } from '../../contracts/federation.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import type { Tag } from '../../core/model/event.ts';
import { mayLeaveOrganisation, stricterTlp, tlpOf } from '../../core/sharing/tlp.ts';
import { searchNormalized } from '../../services/search-values.ts';
import type { IntelStore, Organisation } from '../../storage/port.ts';
import type { NodeMetaStore, OwnedHit } from '../../storage/node-meta/port.ts';
import type { WarninglistCheck } from '../misp/warninglist-check.ts';
import { resolveSearcher } from './resolve-searcher.ts';

/** Tag names an answer may carry: local tags never leave the node, whoever searches. */
const shared = (tags: readonly Tag[]): string[] => tags.filter((t) => !t.local).map((t) => t.name);

/** Runs one federated search request. */
export async function federatedSearch(
  deps: { store: IntelStore; meta: NodeMetaStore; warninglists: WarninglistCheck },
  req: FederationSearchRequest,
): Promise<FederationSearchResponse> {
  const started = performance.now();
  const { viewer, orgName } = await resolveSearcher(deps.store, req.searcher);
  const found = await searchNormalized(deps.store, req.values, { viewer, kinds: req.kinds as MatchKind[] });
  const orgs = new Map<number, Organisation | null>();
  const orgName_ = async (id: number) => {
    if (!orgs.has(id)) orgs.set(id, await deps.store.getOrg(id));
    return orgs.get(id)?.name ?? '';
  };
  const at = Date.now();
  const log: OwnedHit[] = [];
  const results: FederationSearchResponse['results'] = [];
  for (let index = 0; index < found.length; index++) {
    const hits = found[index]!.hits.filter((h) => mayLeaveOrganisation(stricterTlp(tlpOf(h.event.tags), tlpOf(h.attribute.tags))));
    if (hits.length === 0) continue;
    const sv = req.values[index]!;
    const out: HitContext[] = [];
    for (const h of hits) {
      const a = h.attribute;
      const e = h.event;
      out.push({
        match: h.match,
        attribute: { uuid: a.uuid, type: a.type, category: a.category, value: a.value, toIds: a.toIds, comment: a.comment, firstSeen: a.firstSeen, lastSeen: a.lastSeen, timestamp: a.timestamp, tags: shared(a.tags) },
        event: { uuid: e.uuid, info: e.info, date: e.date, orgc: await orgName_(e.orgcId), tags: shared(e.tags), threatLevel: e.threatLevel },
        warninglists: deps.warninglists.listsFor(sv.type, sv.value),
      });
      log.push({ searchId: req.searchId, searcherOrg: orgName, value: sv.value, type: sv.type, attributeUuid: a.uuid, eventUuid: e.uuid, match: h.match, at, ownerOrgId: e.orgId });
    }
    results.push({ index, hits: out });
  }
  await deps.meta.recordHits(log);
  return { results, tookMs: Math.round((performance.now() - started) * 100) / 100 };
}
