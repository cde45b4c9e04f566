import type { NodePrincipal } from './principal.ts';

// A WeakMap rather than a request decoration: the hub decorates `principal` with its own type. Keyed by any
// object (the HTTP request in practice) so the context can read it without knowing HTTP.
const principals = new WeakMap<object, NodePrincipal>();

/** Remembers who made a request (set once authentication and the role check passed). */
export function rememberPrincipal(source: object, p: NodePrincipal): void {
  principals.set(source, p);
}

/** The principal remembered for `source`, or null when it was not authenticated. */
export function principalFor(source: object): NodePrincipal | null {
  return principals.get(source) ?? null;
}
