/** Users and API key removal. */
import type { FastifyInstance } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import { UserInput, type User } from '../../contracts/hub-api.ts';
import type { HubUserRow } from '../../storage/hub/port.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from './errors.ts';
import { idParam, requireUser } from './guard.ts';

/** The wire view of a user (never the password hash). */
export function publicUser(u: HubUserRow): User {
  return { id: u.id, login: u.login, org: u.orgName, role: u.role, locale: u.locale };
}

/** Registers `/api/v1/users` and key removal (lists, rotation, expiry and the audit log: `hub/admin/admin-routes.ts`). */
export function userRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/api/v1/users', async (req) => {
    const who = await requireUser(ctx.auth, req);
    if (who.role === 'hub-admin') return { users: (await ctx.store.listUsers()).map(publicUser) };
    if (who.role === 'member-admin') return { users: (await ctx.store.listUsers(who.orgId)).map(publicUser) };
    const me = await ctx.store.getUser(who.userId);
    return { users: me ? [publicUser(me)] : [] };
  });
  app.post('/api/v1/users', async (req, reply) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin', 'member-admin']);
    const body = parseWith(UserInput, req.body);
    const orgName = body.org ?? who.orgName;
    if (who.role === 'member-admin' && (orgName !== who.orgName || body.role === 'hub-admin')) {
      throw new RenkeiError('forbidden', 'a member admin creates users of its own organisation only, and no hub admins');
    }
    if (who.role === 'hub-admin' && !(await ctx.store.getOrg(orgName))) throw new RenkeiError('not_found', `no organisation ${orgName}`);
    const u = await ctx.auth.createUser({ login: body.login, password: body.password, orgName, role: body.role });
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'user-add', count: 1, detail: `${u.login} (${u.role}) in ${u.orgName}` });
    return reply.status(201).send(publicUser(u));
  });

  app.delete('/api/v1/keys/:id', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const id = idParam(req);
    const key = (await ctx.store.listApiKeys(who.userId)).find((k) => k.id === id);
    if (!key || !(await ctx.store.deleteApiKey(id, who.userId))) throw new RenkeiError('not_found', 'no such key of yours');
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'key-remove', count: 1, detail: key.prefix });
    return reply.status(204).send();
  });
}
