/** Web sign-in: session id in a secure, HTTP-only, SameSite=Strict cookie; CSRF token from `GET /api/v1/me`. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isRenkeiError, RenkeiError } from '../../core/errors.ts';
import type { Me } from '../../contracts/hub-api.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from './errors.ts';
import { requireUser, resolvePrincipal, SESSION_COOKIE } from './guard.ts';

const SignIn = z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) });

/** Registers `/api/v1/session` and `/api/v1/me`. */
export function sessionRoutes(app: FastifyInstance, ctx: HubContext): void {
  const cookieOpts = { path: '/', httpOnly: true, secure: ctx.config.auth.cookieSecure, sameSite: 'strict' as const };
  const perAddress = { rateLimit: { max: ctx.config.auth.signInsPerMinute, timeWindow: 60_000 } };
  app.post('/api/v1/session', { config: perAddress }, async (req, reply) => {
    const body = parseWith(SignIn, req.body);
    const { sessionId, principal } = await ctx.auth.signIn(body.login, body.password).catch((e: unknown) => {
      // A locked login says when to try again, in the body and as Retry-After.
      const retryAt = isRenkeiError(e) ? e.details?.retryAt : undefined;
      if (typeof retryAt === 'number') void reply.header('retry-after', String(Math.max(1, Math.ceil((retryAt - ctx.now()) / 1000))));
      throw e;
    });
    const me: Me = { user: { id: principal.userId, login: principal.login, org: principal.orgName, role: principal.role, locale: principal.locale }, csrfToken: principal.csrfToken };
    return reply.setCookie(SESSION_COOKIE, sessionId, { ...cookieOpts, maxAge: Math.floor(ctx.config.auth.sessionTtlMs / 1000) }).send(me);
  });
  app.delete('/api/v1/session', async (req, reply) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (sid) {
      await resolvePrincipal(ctx.auth, req); // enforces the CSRF token for a live session
      await ctx.auth.signOut(sid);
    }
    return reply.clearCookie(SESSION_COOKIE, cookieOpts).status(204).send();
  });
  app.get('/api/v1/me', async (req) => {
    const who = await requireUser(ctx.auth, req);
    if (!who) throw new RenkeiError('unauthenticated', 'not signed in');
    const me: Me = { user: { id: who.userId, login: who.login, org: who.orgName, role: who.role, locale: who.locale }, csrfToken: who.csrfToken };
    return me;
  });
}
