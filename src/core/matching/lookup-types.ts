/**
 * Match kinds and index-probe shapes shared by the planner, the classifier and the storage port.
 * They live in core so that matching stays pure; `storage/port.ts` and `contracts/` re-export them.
 */

/**
 * How a searched value matched a stored attribute.
 * - exact: same canonical value;
 * - composite: equals one half of a stored `a|b` value (MISP semantics);
 * - cidr: a searched IP inside a stored CIDR, or a stored IP inside a searched CIDR;
 * - subdomain: a searched host under a stored domain;
 * - url-host: a searched domain or IP is the host of a stored URL.
 */
export type MatchKind = 'exact' | 'composite' | 'cidr' | 'subdomain' | 'url-host';

export const MATCH_KINDS: readonly MatchKind[] = ['exact', 'composite', 'cidr', 'subdomain', 'url-host'];

/**
 * Index probes for batch lookup. The store indexes every attribute under its full value, each half of a
 * composite value, and a URL's host; IP keys are fixed-width sortable strings from `indicators/ip.ts`.
 */
export interface LookupProbes {
  /** Exact keys: matched against full values, composite halves and URL hosts. */
  keys: string[];
  /** Searched single addresses: find stored CIDRs (and addresses) that contain them. */
  ipPoints: string[];
  /** Searched ranges [start, end] inclusive: find stored addresses and CIDRs inside them. */
  ipRanges: { start: string; end: string }[];
}

/** Which index entry a lookup row came from. */
export type IndexVia = 'value' | 'half' | 'host' | 'ip-contains' | 'ip-within';

/** A lookup row as the classifier needs it; the store's row type fills in the attribute and event. */
export interface LookupRowOf<A extends { id: number; type: string }, E extends { id: number }> {
  probe: string;
  via: IndexVia;
  attribute: A;
  event: E;
}
