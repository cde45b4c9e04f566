/**
 * The node's federated search handler, transport-neutral: the HTTP route and the NATS subscription both
 * call it with the request's credentials (already admitted) and its raw body, so the sharing rules, the
 * signed-assertion check, the hit log and the audit entry are the same whichever way the hub asked.
 */
import { FederationSearchRequest, type FederationSearchResponse } from '../../contracts/federation.ts';
import { parseRequest } from '../../contracts/parse-request.ts';
import type { Credentials } from '../auth.ts';
import { plainSearcher } from '../blind/plain-searcher.ts';
import type { NodeContext } from '../context.ts';
import { federatedSearch } from './federated-search.ts';

/** Runs one federated search for an admitted `source` (throws RenkeiError on bad input or refusal). */
export async function serveFederationSearch(ctx: NodeContext, source: Credentials, raw: unknown): Promise<FederationSearchResponse> {
  const body = parseRequest(FederationSearchRequest.strict(), raw, 'federation search');
  const searcher = await plainSearcher(ctx.blind.store, source, body, ctx.blind.now);
  const res = await federatedSearch(ctx, { ...body, searcher });
  const hits = res.results.reduce((n, r) => n + r.hits.length, 0);
  await ctx.audit(source, 'federation.search', { searchId: body.searchId, searcher: searcher.name, values: body.values.length, hits });
  return res;
}
