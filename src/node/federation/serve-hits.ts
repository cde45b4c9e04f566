/**
 * The node's owner hit log handler, transport-neutral (HTTP `GET /federation/v1/hits` and the NATS
 * `hits` subject): whose hits an admitted caller may read, then the read and its audit entry.
 */
import { ON_BEHALF_HEADER } from '../../contracts/federation.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { HitLogEntry } from '../../core/model/hit-log-entry.ts';
import type { Credentials } from '../auth.ts';
import type { NodeContext } from '../context.ts';
import { AUTH_FAILED } from '../admit.ts';
import { principalFor } from '../principals.ts';

/** Roles that may read a hit log (each scoped below). */
export const FEDERATION_HITS_ROLES = ['admin', 'reader', 'search'] as const;

/**
 * Whose hits the caller reads. Readers read their own organisation's only; a node admin all, or one org
 * by `org`; the hub's search key one member at a time (`org` or the header), defaulting to the node's
 * only data-owning organisation so that a one-member node keeps working with older hubs.
 */
async function ownerFor(ctx: NodeContext, source: Credentials, named: string | undefined): Promise<number | undefined> {
  const p = principalFor(source);
  if (!p) throw new RenkeiError('unauthenticated', AUTH_FAILED);
  const header = source.headers[ON_BEHALF_HEADER];
  const asked = named ?? (typeof header === 'string' && header !== '' ? header : undefined);
  const resolve = async (ref: string) => {
    const org = await ctx.store.getOrg(ref);
    if (!org) throw new RenkeiError('not_found', `no organisation "${ref.slice(0, 80)}" on this node`);
    return org.id;
  };
  if (p.role === 'reader') {
    if (asked !== undefined && (await resolve(asked)) !== p.orgId) throw new RenkeiError('forbidden', 'a reader key reads its own organisation’s hits only');
    return p.orgId;
  }
  if (named !== undefined) return resolve(named);
  if (asked !== undefined) {
    const org = await ctx.store.getOrg(asked);
    if (org) return org.id;
    // The hub names its member by the hub's org uuid, which a node that never saw it does not know: then
    // the node's own default applies (its only data-owning organisation), as for an older hub.
    if (p.role === 'admin') throw new RenkeiError('not_found', `no organisation "${asked.slice(0, 80)}" on this node`);
  }
  if (p.role === 'admin') return undefined;
  const owners = await ctx.store.ownerOrgIds();
  if (owners.length === 1) return owners[0]!;
  if (owners.length === 0) return p.orgId;
  throw new RenkeiError('validation_failed', `this node holds several organisations' data: name the member whose hits to read (?org= or ${ON_BEHALF_HEADER})`, { parameter: 'org' });
}

/** Reads the hit log for an admitted `source`; `limit` defaults to 1000 and must be 1–10000. */
export async function serveFederationHits(
  ctx: NodeContext,
  source: Credentials,
  q: { since?: number | undefined; limit?: number | undefined; org?: string | undefined; order?: 'oldest' | 'newest' | undefined; excludeSearcher?: string | undefined },
): Promise<{ hits: HitLogEntry[] }> {
  const limit = q.limit ?? 1000;
  if (limit < 1 || limit > 10_000) throw new RenkeiError('validation_failed', 'limit must be from 1 to 10000');
  const since = q.since ?? 0;
  const ownerOrgId = await ownerFor(ctx, source, q.org);
  const hits = await ctx.meta.listHits({ since, limit, newestFirst: q.order === 'newest', ...(ownerOrgId !== undefined ? { ownerOrgId } : {}), ...(q.excludeSearcher !== undefined ? { excludeSearcher: q.excludeSearcher } : {}) });
  await ctx.audit(source, 'federation.hits', { owner: ownerOrgId === undefined ? 'all' : ((await ctx.store.getOrg(ownerOrgId))?.name ?? ownerOrgId), since, returned: hits.length });
  return { hits };
}
