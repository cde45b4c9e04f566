/** MISP's `org` filter (restSearch `set_filter_org`, index `searchorg`): creating organisations by id, uuid or name. */
import type { IntelStore, Organisation } from '../../storage/port.ts';
import type { Filter } from './filter-value.ts';

/** Creator organisation ids any of which must (`or`, absent = no filter) and none of which may (`not`) have made the event. */
export interface OrgFilter {
  or?: number[];
  not: number[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creating organisations by id, uuid or name (case-insensitive); an unknown one is -1 and matches no event. */
export function orgIds(names: readonly string[], orgs: readonly Organisation[]): number[] {
  return names.map((n) => {
    if (/^\d{1,15}$/.test(n)) return Number(n);
    const o = UUID.test(n) ? orgs.find((x) => x.uuid.toLowerCase() === n.toLowerCase()) : orgs.find((x) => x.name.toUpperCase() === n.toUpperCase());
    return o ? o.id : -1;
  });
}

/** Resolves a parsed `org` filter against the store's organisations (read only when the filter names any). */
export async function resolveOrgFilter(store: IntelStore, f: Filter): Promise<OrgFilter> {
  if (f.or.length + f.not.length === 0) return { not: [] };
  const orgs = await store.listOrgs();
  return { ...(f.or.length ? { or: orgIds(f.or, orgs) } : {}), not: orgIds(f.not, orgs) };
}
