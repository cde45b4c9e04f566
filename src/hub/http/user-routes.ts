/** Users, API keys and the audit log. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RenkeiError } from '../../core/errors.ts';
import { UserInput, type User } from '../../contracts/hub-api.ts';
import type { ApiKeyRow, HubUserRow } from '../../storage/hub/port.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from './errors.ts';
import { idParam, requireUser } from './guard.ts';

/** The wire view of a user (never the password hash). */
export function publicUser(u: HubUserRow): User {
  return { id: u.id, login: u.login, org: u.orgName, role: u.role, locale: u.locale };
}
const publicKey = (k: ApiKeyRow) => ({ id: k.id, label: k.label, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, prefix: k.prefix });
const KeyInput = z.object({ label: z.string().min(1).max(100).default('api key') });

/** Registers `/api/v1/users`, `/api/v1/keys`, `/api/v1/audit`. */
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

  app.get('/api/v1/keys', async (req) => {
    const who = await requireUser(ctx.auth, req);
    return { keys: (await ctx.store.listApiKeys(who.userId)).map(publicKey) };
  });
  app.post('/api/v1/keys', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(KeyInput, req.body ?? {});
    const { key, info } = await ctx.auth.createKey(who.userId, body.label);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'key-add', count: 1, detail: info.prefix });
    return reply.status(201).send({ key, info: publicKey(info) });
  });
  app.delete('/api/v1/keys/:id', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const id = idParam(req);
    const key = (await ctx.store.listApiKeys(who.userId)).find((k) => k.id === id);
    if (!key || !(await ctx.store.deleteApiKey(id, who.userId))) throw new RenkeiError('not_found', 'no such key of yours');
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'key-remove', count: 1, detail: key.prefix });
    return reply.status(204).send();
  });

  app.get('/api/v1/audit', async (req) => {
    await requireUser(ctx.auth, req, ['hub-admin']);
    const q = parseWith(z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(500) }), req.query, 'query');
    return { entries: await ctx.store.listAudit(q.limit) };
  });
}
