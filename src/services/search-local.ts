/**
 * Local administrative search (the CLI on the node's own store): with no organisation named, every
 * owner's view is searched and merged, so the operator sees everything the node holds; naming an
 * organisation restricts results to what that organisation may see.
 */
import { RenkeiError } from '../core/errors.ts';
import type { Viewer } from '../core/sharing/access.ts';
import type { IntelStore } from '../storage/port.ts';
import { searchValues, type SearchOptions, type ValueSearchResult } from './search-values.ts';

/** The sharing-rule identity of a named (or numbered) organisation on this store. */
export async function viewerForOrg(store: IntelStore, org: string | number): Promise<Viewer> {
  const o = await store.getOrg(org);
  if (!o) throw new RenkeiError('not_found', `no organisation ${JSON.stringify(org)} in this store`);
  return { orgId: o.id, sharingGroupIds: await store.sharingGroupIdsForOrg(o.id) };
}

export async function searchLocal(
  store: IntelStore,
  inputs: readonly string[],
  opts: Omit<SearchOptions, 'viewer'> & { org?: string },
): Promise<ValueSearchResult[]> {
  const viewers = opts.org !== undefined
    ? [await viewerForOrg(store, opts.org)]
    : await Promise.all((await store.ownerOrgIds()).map((id) => viewerForOrg(store, id)));
  if (viewers.length === 0) viewers.push({ orgId: null, sharingGroupIds: [] });
  let merged: ValueSearchResult[] | null = null;
  for (const viewer of viewers) {
    const r = await searchValues(store, inputs, { ...opts, viewer });
    if (!merged) {
      merged = r;
      continue;
    }
    r.forEach((res, i) => {
      const into = merged![i]!;
      const have = new Set(into.hits.map((h) => h.attribute.id));
      for (const h of res.hits) if (!have.has(h.attribute.id)) into.hits.push(h);
      into.hits.sort((a, b) => a.event.id - b.event.id || a.attribute.id - b.attribute.id);
    });
  }
  return merged ?? [];
}
