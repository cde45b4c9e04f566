/**
 * Admission of one request, whatever carried it (an HTTP route's preHandler, a NATS message handler):
 * authenticate its credentials, check the role, remember the principal for the handler and the audit log.
 */
import { RenkeiError } from '../core/errors.ts';
import type { Authenticate, Credentials } from './auth.ts';
import type { NodePrincipal, NodeRole } from './principal.ts';
import { rememberPrincipal } from './principals.ts';

/** MISP's wording for a missing or bad key (clients match on it). */
export const AUTH_FAILED =
  'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.';

/** Admits `source` when its key is valid and has one of `roles` (`what` names the operation in the refusal). */
export async function admit(authenticate: Authenticate, source: Credentials, roles: readonly NodeRole[], what: string): Promise<NodePrincipal> {
  const p = await authenticate(source);
  if (!p) throw new RenkeiError('forbidden', AUTH_FAILED);
  if (!roles.includes(p.role)) throw new RenkeiError('forbidden', `role "${p.role}" may not call ${what}`);
  rememberPrincipal(source, p);
  return p;
}
