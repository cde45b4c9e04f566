/**
 * "Hits on my data": for the caller's own member only, which searched values hit its data, who searched
 * them and when. Renkei nodes keep this log themselves; for MISP sources the hub keeps it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RenkeiError } from '../../core/errors.ts';
import type { OwnerHit } from '../../contracts/hub-api.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from './errors.ts';
import { requireUser } from './guard.ts';

const HitsQuery = z.object({
  member: z.string().optional(),
  /** Epoch milliseconds. */
  since: z.coerce.number().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

/** Registers `GET /api/v1/hits`. */
export function hitsRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/api/v1/hits', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const q = parseWith(HitsQuery, req.query, 'query');
    const member = await ctx.store.getMemberByOrg(who.orgId);
    if (!member) throw new RenkeiError('forbidden', 'your organisation is not a member with data');
    if (q.member !== undefined && q.member !== member.name) throw new RenkeiError('forbidden', 'you can only see hits on your own data');
    const hits: OwnerHit[] = [];
    const errors: { sourceId: number; error: string }[] = [];
    for (const s of await ctx.store.listSources(member.id)) {
      if (s.kind !== 'renkei') continue;
      const c = ctx.registry.connector(s, member);
      try {
        const got = await c.hits!(q.since, q.limit, AbortSignal.timeout(ctx.config.search.deadlineMs), member.orgUuid);
        for (const h of got) {
          hits.push({ member: member.name, searcherOrg: h.searcherOrg, value: h.value, type: h.type, match: h.match, attributeUuid: h.attributeUuid, eventUuid: h.eventUuid, at: h.at });
        }
      } catch (e) {
        errors.push({ sourceId: s.id, error: (e as Error).message });
      }
    }
    for (const h of await ctx.store.listOwnerHits(member.id, q.since, q.limit)) {
      hits.push({ member: member.name, searcherOrg: h.searcherOrg, value: h.value, type: h.type, match: h.match, attributeUuid: h.attributeUuid, eventUuid: h.eventUuid, eventInfo: h.eventInfo, at: h.at });
    }
    hits.sort((a, b) => b.at - a.at);
    return { hits: hits.slice(0, q.limit), ...(errors.length > 0 ? { errors } : {}) };
  });
}
