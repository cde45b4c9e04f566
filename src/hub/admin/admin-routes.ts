/**
 * Administration routes: users (role, disabled, password), API keys (list with expiry and last use,
 * create, rotate, expire), the filtered audit log, and member/source edits by the hub operator.
 * The account rule lives in the account service; member edits in the member service.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AuditQuery, KeyCreate, KeyExpire, KeyRotate, MemberPatch, PasswordReset, SourcePatch } from '../../contracts/admin.ts';
import { HubRole } from '../../contracts/hub-api.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, requireUser } from '../http/guard.ts';

const KeysQuery = z.object({ user: z.coerce.number().int().positive().optional() }).strict();

/** Registers `/api/v1/admin/users`, `/api/v1/users/:id/*`, `/api/v1/keys*`, `/api/v1/audit` and member/source edits. */
export function adminRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { accounts } = ctx;
  app.get('/api/v1/admin/users', async (req) => ({ users: await accounts.listUsers(await requireUser(ctx.auth, req)) }));
  app.put('/api/v1/users/:id/role', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(z.object({ role: HubRole }).strict(), req.body);
    return accounts.setRole(who, idParam(req), body.role);
  });
  app.put('/api/v1/users/:id/disabled', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(z.object({ disabled: z.boolean() }).strict(), req.body);
    return accounts.setDisabled(who, idParam(req), body.disabled);
  });
  app.post('/api/v1/users/:id/password', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(PasswordReset, req.body);
    return accounts.resetPassword(who, idParam(req), body.password);
  });

  app.get('/api/v1/keys', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const q = parseWith(KeysQuery, req.query ?? {}, 'query');
    return { keys: await accounts.listKeys(who, q.user) };
  });
  app.post('/api/v1/keys', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(KeyCreate, req.body ?? {});
    return reply.status(201).send(await accounts.createKey(who, body.label, body.expiresAt));
  });
  app.post('/api/v1/keys/:id/rotate', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(KeyRotate, req.body ?? {});
    return reply.status(201).send(await accounts.rotateKey(who, idParam(req), body.graceHours));
  });
  app.put('/api/v1/keys/:id/expiry', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(KeyExpire, req.body);
    return accounts.expireKey(who, idParam(req), body.expiresAt);
  });

  app.get('/api/v1/audit', async (req) => {
    const who = await requireUser(ctx.auth, req);
    return { entries: await accounts.audit(who, parseWith(AuditQuery, req.query ?? {}, 'query')) };
  });

  app.put('/api/v1/members/:id', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    const id = idParam(req);
    const body = parseWith(MemberPatch, req.body);
    const before = await ctx.members.get(id);
    const m = await ctx.members.rename(id, body.name);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'member-rename', count: 1, detail: `member ${id}: ${before?.name ?? '?'} → ${m.name}` });
    return m;
  });
  app.put('/api/v1/sources/:id', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    const id = idParam(req);
    const body = parseWith(SourcePatch, req.body);
    const s = await ctx.members.updateSource(id, body);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'source-edit', count: 1, detail: `source ${s.id}: member ${s.memberId} ${s.kind} ${s.url}${body.apiKey ? ' (new key)' : ''}` });
    return s;
  });
}
