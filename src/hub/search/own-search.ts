/** The one owner rule for reading a stored search: only the searching organisation sees it. */
import type { SearchResult } from '../../contracts/hub-api.ts';
import { RenkeiError } from '../../core/errors.ts';
import type { HubContext } from '../context.ts';

/** The search's result (live while running); another organisation's search reads as missing. */
export async function readOwnSearch(ctx: HubContext, orgId: number, id: string): Promise<SearchResult> {
  const row = await ctx.store.getSearch(id);
  // Another organisation's search is indistinguishable from a missing one.
  if (!row || row.orgId !== orgId) throw new RenkeiError('not_found', `no search ${id}`);
  const live = ctx.search.running(id);
  if (live) return live;
  if (!row.resultJson) {
    throw new RenkeiError(
      'not_found',
      row.status === 'done' || row.status === 'partial'
        ? `the result of search ${id} was purged after ${ctx.config.historyDays} days; the history keeps its counts`
        : `search ${id} has no stored result (${row.status})`,
    );
  }
  return JSON.parse(row.resultJson) as SearchResult;
}
