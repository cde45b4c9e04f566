/**
 * Mapping the store's lookup rows back to per-value hits, each saying how it matched. When one attribute
 * matches a value several ways, the strongest kind wins (exact > composite > url-host > subdomain > cidr).
 */
import type { LookupRowOf, MatchKind } from './lookup-types.ts';
import type { KeyReason, LookupPlan } from './plan.ts';

type AnyRow = LookupRowOf<{ id: number; type: string }, { id: number }>;

export interface Hit<R extends AnyRow = AnyRow> {
  match: MatchKind;
  attribute: R['attribute'];
  event: R['event'];
}

const STRENGTH: Record<MatchKind, number> = { exact: 5, composite: 4, 'url-host': 3, subdomain: 2, cidr: 1 };
const SUBDOMAIN_TYPES = new Set(['domain', 'hostname', 'domain|ip', 'hostname|port']);

/** Kind of a key-probe row, or null when that kind is off or the row does not qualify. */
function keyKind(reason: KeyReason, row: AnyRow): MatchKind | null {
  if (reason === 'parent') return row.via !== 'host' && SUBDOMAIN_TYPES.has(row.attribute.type) ? 'subdomain' : null;
  // The host of a searched URL (or a parent of it) found as a value, a half or another URL's host.
  if (reason === 'url-host') return row.via === 'host' || row.via === 'value' || row.via === 'half' ? 'url-host' : null;
  // A half of a searched composite: as a stored value or half it is a composite match; as a URL's host, url-host.
  if (reason === 'half') return row.via === 'host' ? 'url-host' : row.via === 'value' || row.via === 'half' ? 'composite' : null;
  if (row.via === 'value') return 'exact';
  if (row.via === 'half') return 'composite';
  if (row.via === 'host') return 'url-host';
  return null;
}

/** Classifies rows into hits per value index (same length as the planned values), ordered by event then attribute id. */
export function classifyRows<R extends AnyRow>(plan: LookupPlan, valueCount: number, rows: readonly R[]): Hit<R>[][] {
  const best: Array<Map<number, Hit<R>>> = Array.from({ length: valueCount }, () => new Map());
  const offer = (index: number, match: MatchKind | null, row: R) => {
    if (match === null || !plan.kinds.has(match)) return;
    const m = best[index];
    if (!m) return;
    const prev = m.get(row.attribute.id);
    if (!prev || STRENGTH[match] > STRENGTH[prev.match]) m.set(row.attribute.id, { match, attribute: row.attribute, event: row.event });
  };
  for (const row of rows) {
    if (row.via === 'ip-contains') {
      for (const i of plan.points.get(row.probe) ?? plan.ranges.get(row.probe) ?? []) offer(i, 'cidr', row);
    } else if (row.via === 'ip-within') for (const i of plan.ranges.get(row.probe) ?? []) offer(i, 'cidr', row);
    else for (const k of plan.keys.get(row.probe) ?? []) offer(k.index, keyKind(k.reason, row), row);
  }
  return best.map((m) => [...m.values()].sort((a, b) => a.event.id - b.event.id || a.attribute.id - b.attribute.id));
}
