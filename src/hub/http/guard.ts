/** Request authentication for hub routes: API key or session cookie (+ CSRF on writes), and role checks. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import type { HubRole } from '../../contracts/hub-api.ts';
import type { AuthService, HubPrincipal } from '../auth/auth-service.ts';

export const SESSION_COOKIE = 'renkei_session';

declare module 'fastify' {
  interface FastifyRequest {
    hubPrincipal?: HubPrincipal | null;
  }
}

/** Resolves the caller (cached on the request); null when anonymous. */
export async function resolvePrincipal(auth: AuthService, req: FastifyRequest): Promise<HubPrincipal | null> {
  if (req.hubPrincipal !== undefined) return req.hubPrincipal;
  const h = req.headers.authorization;
  let p: HubPrincipal | null = null;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    p = m ? await auth.fromKey(m[1]!) : null;
    if (!p) throw new RenkeiError('unauthenticated', 'invalid API key');
  } else {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (sid) p = await auth.fromSession(sid);
    if (p && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== p.csrfToken) throw new RenkeiError('forbidden', 'missing or wrong X-CSRF-Token');
    }
  }
  req.hubPrincipal = p;
  return p;
}

/** The caller, required; optionally one of `roles`. */
export async function requireUser(auth: AuthService, req: FastifyRequest, roles?: HubRole[]): Promise<HubPrincipal> {
  const p = await resolvePrincipal(auth, req);
  if (!p) throw new RenkeiError('unauthenticated', 'sign in or send an API key');
  if (roles && !roles.includes(p.role)) throw new RenkeiError('forbidden', `needs role ${roles.join(' or ')}`);
  return p;
}

/** Parses a positive integer path parameter. */
export function idParam(req: FastifyRequest, name = 'id'): number {
  const raw = (req.params as Record<string, string>)[name];
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new RenkeiError('validation_failed', `${name} must be a positive integer`);
  return n;
}

/** For handlers that already sent a reply. */
export type Reply = FastifyReply;
