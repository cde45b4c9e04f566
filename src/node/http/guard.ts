import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import type { Authenticate } from '../auth.ts';
import type { NodePrincipal, NodeRole } from '../principal.ts';
import { principalFor } from '../principals.ts';

import { admit, AUTH_FAILED } from '../admit.ts';

export { AUTH_FAILED };

/** A preHandler that authenticates and admits only the given roles (403 for others, 403 for no key as MISP). */
export function requireRole(authenticate: Authenticate, roles: readonly NodeRole[]): preHandlerAsyncHookHandler {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    await admit(authenticate, req, roles, `${req.method} ${req.routeOptions.url ?? req.url}`);
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
