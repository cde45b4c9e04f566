/**
 * restSearch value filters answered through the store's batch index lookup (index-only until
 * hydration, so 10,000 values cost one pass), with the remaining restSearch filters applied to its rows.
 * MISP semantics (exact value or composite half) unless the caller opts into `matchKinds`.
 */
import { isLikePattern, isTagPattern, likeMatcher, listMatcher } from '../../core/matching/like-pattern.ts';
import { splitComposite } from '../../core/matching/index-entries.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import type { SearchValue } from '../../core/matching/plan.ts';
import type { Viewer } from '../../core/sharing/access.ts';
import { searchNormalized } from '../../services/search-values.ts';
import type { IntelStore, StoredAttribute, StoredEvent } from '../../storage/port.ts';
import type { OrgFilter } from './org-filter.ts';
import type { RestSearchRequest } from './rest-search-params.ts';
import { candidatesOf, valueCandidates } from './value-candidates.ts';

type Row = { attribute: StoredAttribute; event: StoredEvent };

/** Excluded values: exact forms, and MISP `%` patterns as matchers (NOT LIKE on value1 and value2). */
interface NotValues {
  exact: ReadonlySet<string>;
  patterns: ((v: string) => boolean)[];
}

type Match = (v: string) => boolean;
/** A filter list as a predicate, or undefined when the list is empty (no filter). */
const listOf = (values: readonly string[], isPattern: Match, ci = false): Match | undefined => (values.length ? listMatcher(values, isPattern, ci) : undefined);

/** The restSearch filters other than the value, compiled once per request (`%` patterns as the store reads them). */
interface Filters {
  type?: Match;
  notType?: Match;
  category?: Match;
  notCategory?: Match;
  tag?: Match;
  notTag?: Match;
}

function compileFilters(r: RestSearchRequest): Filters {
  return {
    type: listOf(r.type.or, isLikePattern),
    notType: listOf(r.type.not, isLikePattern),
    category: listOf(r.category.or, isLikePattern),
    notCategory: listOf(r.category.not, isLikePattern),
    tag: listOf(r.tags.or, isTagPattern, true),
    notTag: listOf(r.tags.not, isTagPattern, true),
  };
}

const anyTag = (m: Match, a: StoredAttribute, e: StoredEvent) => a.tags.some((t) => m(t.name)) || e.tags.some((t) => m(t.name));

/** The other restSearch filters, as the store would apply them. */
function keep(r: RestSearchRequest, f: Filters, org: OrgFilter, not: NotValues, { attribute: a, event: e }: Row): boolean {
  const excluded = (v: string) => not.exact.has(v) || not.patterns.some((m) => m(v));
  if (not.exact.size + not.patterns.length > 0 && (excluded(a.value) || (splitComposite(a.type, a.value) ?? []).some(excluded))) return false;
  return (
    (!f.type || f.type(a.type)) &&
    !f.notType?.(a.type) &&
    (!f.category || f.category(a.category)) &&
    !f.notCategory?.(a.category) &&
    (r.toIds === undefined || a.toIds === r.toIds) &&
    (r.published === undefined || e.published === r.published) &&
    (!f.tag || anyTag(f.tag, a, e)) &&
    !(f.notTag && anyTag(f.notTag, a, e)) &&
    (!org.or || org.or.includes(e.orgcId)) &&
    !org.not.includes(e.orgcId) &&
    (r.eventIds.length === 0 || r.eventIds.includes(e.id)) &&
    (r.uuids.length === 0 || r.uuids.includes(e.uuid)) &&
    (r.dateFrom === undefined || e.date >= r.dateFrom) &&
    (r.dateTo === undefined || e.date <= r.dateTo) &&
    (r.timestampFrom === undefined || a.timestamp >= r.timestampFrom) &&
    (r.timestampTo === undefined || a.timestamp <= r.timestampTo) &&
    (r.publishFrom === undefined || e.publishTimestamp >= r.publishFrom)
  );
}

/** Search values for the lookup: every stored form of each input (see `valueCandidates`), typed for CIDR/subdomain probes. */
function searchValuesFor(inputs: readonly string[]): SearchValue[] {
  const out: SearchValue[] = [];
  for (const raw of inputs) {
    const c = candidatesOf(raw);
    for (const value of c.values) out.push({ type: c.type, value });
  }
  return out;
}

/** All matching rows (sorted by event, attribute) before pagination. */
export async function lookupRows(store: IntelStore, r: RestSearchRequest, viewer: Viewer, org: OrgFilter = { not: [] }): Promise<Row[]> {
  const values = searchValuesFor(r.value.or);
  // MISP (2.5) compares a searched CIDR like any other value: it hits stored attributes holding that very
  // range, never the IPs inside it; containment is the opt-in `cidr` match kind.
  const kinds: MatchKind[] = ['exact', 'composite', ...r.extraKinds];
  const found = await searchNormalized(store, values, { viewer, kinds, searchHalves: false });
  const notForms = valueCandidates(r.value.not);
  const not: NotValues = { exact: new Set(notForms.filter((v) => !isLikePattern(v))), patterns: notForms.filter(isLikePattern).map(likeMatcher) };
  const filters = compileFilters(r);
  const seen = new Set<number>();
  const rows: Row[] = [];
  for (const res of found) {
    for (const h of res.hits) {
      if (seen.has(h.attribute.id)) continue;
      seen.add(h.attribute.id);
      if (keep(r, filters, org, not, h)) rows.push({ attribute: h.attribute, event: h.event });
    }
  }
  return rows.sort((a, b) => a.event.id - b.event.id || a.attribute.id - b.attribute.id);
}
