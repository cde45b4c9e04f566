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
