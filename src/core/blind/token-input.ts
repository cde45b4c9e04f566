/**
 * OPRF inputs: `renkei/v1|<kind>|<canonical value>`. The kinds name the match kinds they serve:
 * - `exact`: the plain index's key space (a stored value, each half of a stored composite, a stored URL's
 *   host), so exact, composite and url-host matches share one token and the hit context tells them apart;
 * - `subdomain`: a stored domain that covers its subdomains (the searcher asks for each parent);
 * - `cidr`: a stored range, tokenised at the published prefix levels (see `ip-prefix.ts`);
 * - `cidr-within`: a stored address or range marked at coarse levels, for searched ranges that contain it.
 */

export type TokenKind = 'exact' | 'subdomain' | 'cidr' | 'cidr-within';

export const TOKEN_KINDS: readonly TokenKind[] = ['exact', 'subdomain', 'cidr', 'cidr-within'];

/** Protocol label at the start of every input; a new version changes every token. */
export const TOKEN_PREFIX = 'renkei/v1';

/** The OPRF input text for a kind and a canonical value. */
export function tokenInput(kind: TokenKind, canonical: string): string {
  return `${TOKEN_PREFIX}|${kind}|${canonical}`;
}

const encoder = new TextEncoder();

/** The input as the bytes the OPRF hashes (UTF-8). */
export function inputBytes(input: string): Uint8Array {
  return encoder.encode(input);
}
