import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import type { Authenticate } from '../auth.ts';
import type { NodePrincipal, NodeRole } from '../principal.ts';
import { principalFor, rememberPrincipal } from '../principals.ts';

/** MISP's wording for a missing or bad key (clients match on it). */
export const AUTH_FAILED =
  'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.';

/** A preHandler that authenticates and admits only the given roles (403 for others, 403 for no key as MISP). */
export function requireRole(authenticate: Authenticate, roles: readonly NodeRole[]): preHandlerAsyncHookHandler {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const p = await authenticate(req);
    if (!p) throw new RenkeiError('forbidden', AUTH_FAILED);
    if (!roles.includes(p.role)) throw new RenkeiError('forbidden', `role "${p.role}" may not call ${req.method} ${req.routeOptions.url ?? req.url}`);
    rememberPrincipal(req, p);
  };
}

/** The principal set by `requireRole` (routes only run after it). */
export function principalOf(req: FastifyRequest): NodePrincipal {
  const p = principalFor(req);
  if (!p) throw new RenkeiError('unauthenticated', AUTH_FAILED);
  return p;
}

/** The principal if the request was authenticated (for the audit log). */
export function maybePrincipal(req: FastifyRequest): NodePrincipal | null {
  return principalFor(req);
}

export const READ_ROLES: readonly NodeRole[] = ['admin', 'publisher', 'reader'];
export const WRITE_ROLES: readonly NodeRole[] = ['admin', 'publisher'];
export const ANY_ROLE: readonly NodeRole[] = ['admin', 'publisher', 'reader', 'search'];
