/**
 * "Hits on my data": which searched values hit the caller's member's data, who searched them and when,
 * newest first. Renkei nodes keep this log themselves (read on the member's behalf); for MISP sources the
 * hub keeps it. The organisation's own searches are left out before each source's limit applies, so they
 * never crowd the others' searches out of the page.
 */
import type { OwnerHit } from '../../contracts/hub-api.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { MemberStore, OwnerHitStore } from '../../storage/hub/port.ts';
import type { SourceRegistry } from '../sources/source-registry.ts';

export interface OwnerHitsQuery {
  member?: string | undefined;
  /** Epoch ms. */
  since: number;
  limit: number;
  /** Also list the organisation's own searches. */
  own: boolean;
}

export interface OwnerHitsService {
  /** The hits on `who`'s member's data; `errors` names sources whose log could not be read. */
  list(who: { orgId: number; orgName: string }, q: OwnerHitsQuery): Promise<{ hits: OwnerHit[]; errors?: { sourceId: number; error: string }[] }>;
}

/** Builds the service over the member and hub-kept hit ports and the source connectors. */
export function createOwnerHitsService(deps: { store: MemberStore & OwnerHitStore; registry: SourceRegistry; deadlineMs: number }): OwnerHitsService {
  return {
    async list(who, q) {
      const member = await deps.store.getMemberByOrg(who.orgId);
      if (!member) throw new RenkeiError('forbidden', 'your organisation is not a member with data');
      if (q.member !== undefined && q.member !== member.name) throw new RenkeiError('forbidden', 'you can only see hits on your own data');
      const excludeSearcher = q.own ? undefined : who.orgName;
      const hits: OwnerHit[] = [];
      const errors: { sourceId: number; error: string }[] = [];
      for (const s of await deps.store.listSources(member.id)) {
        const c = deps.registry.connector(s, member);
        if (!c.hits) continue;
        try {
          const got = await c.hits({ since: q.since, limit: q.limit, newestFirst: true, ...(excludeSearcher !== undefined ? { excludeSearcher } : {}) }, AbortSignal.timeout(deps.deadlineMs), member.orgUuid);
          for (const h of got) hits.push({ member: member.name, searcherOrg: h.searcherOrg, value: h.value, type: h.type, match: h.match, attributeUuid: h.attributeUuid, eventUuid: h.eventUuid, at: h.at });
        } catch (e) {
          errors.push({ sourceId: s.id, error: (e as Error).message });
        }
      }
      for (const h of await deps.store.listOwnerHits(member.id, q.since, q.limit, excludeSearcher)) {
        hits.push({ member: member.name, searcherOrg: h.searcherOrg, value: h.value, type: h.type, match: h.match, attributeUuid: h.attributeUuid, eventUuid: h.eventUuid, eventInfo: h.eventInfo, at: h.at });
      }
      hits.sort((a, b) => b.at - a.at);
      return { hits: hits.slice(0, q.limit), ...(errors.length > 0 ? { errors } : {}) };
    },
  };
}
