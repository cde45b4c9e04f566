/**
 * Members and sources. Hub admins onboard members and set source URLs; a member admin requests a source
 * for its own member (a hub admin approves it), may test or remove its sources. Every change is audited.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RenkeiError } from '../../core/errors.ts';
import { MemberInput, SourceInput } from '../../contracts/hub-api.ts';
import type { HubPrincipal } from '../auth/auth-service.ts';
import type { HubContext } from '../context.ts';
import { publicSource } from '../members/member-service.ts';
import { parseWith } from './errors.ts';
import { idParam, requireUser } from './guard.ts';

const AddMember = MemberInput.extend({ orgUuid: z.string().uuid().optional() });

/** Registers `/api/v1/members` and `/api/v1/sources`. */
export function memberRoutes(app: FastifyInstance, ctx: HubContext): void {
  const mayManage = async (who: HubPrincipal, memberId: number): Promise<void> => {
    if (who.role === 'hub-admin') return;
    const m = await ctx.store.getMember(memberId);
    if (who.role === 'member-admin' && m && m.orgId === who.orgId) return;
    throw new RenkeiError('forbidden', 'only a hub admin or this member’s admin may manage its sources');
  };
  const sourceOf = async (id: number) => {
    const s = await ctx.store.getSource(id);
    if (!s) throw new RenkeiError('not_found', `no source ${id}`);
    return s;
  };

  app.get('/api/v1/members', async (req) => {
    const who = await requireUser(ctx.auth, req);
    return { members: await ctx.members.list({ role: who.role, orgId: who.orgId }) };
  });
  app.post('/api/v1/members', async (req, reply) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    const body = parseWith(AddMember, req.body);
    const m = await ctx.members.add(body.name, body.orgUuid);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'member-add', count: 1, detail: m.name });
    return reply.status(201).send(m);
  });
  app.delete('/api/v1/members/:id', async (req, reply) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    const id = idParam(req);
    await ctx.members.remove(id);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'member-remove', count: 1, detail: `member ${id}` });
    return reply.status(204).send();
  });
  app.post('/api/v1/members/:id/sources', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const id = idParam(req);
    await mayManage(who, id);
    const body = parseWith(SourceInput, req.body);
    // A CA file is a path on the hub's disk: only the hub operator names one.
    if (body.caFile && who.role !== 'hub-admin') throw new RenkeiError('forbidden', 'only a hub admin may set a CA file');
    if (who.role !== 'hub-admin') {
      // A source URL receives every value every member searches: a member admin only asks for one.
      const request = await ctx.members.requestSource(id, body, who.userId);
      await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'source-request', count: 1, detail: `request ${request.id}: member ${id} ${request.kind} ${request.url}` });
      return reply.status(202).send({ request });
    }
    const s = await ctx.members.addSource(id, body);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'source-add', count: 1, detail: `source ${s.id}: member ${id} ${s.kind} ${s.url}` });
    return reply.status(201).send(s);
  });
  app.get('/api/v1/source-requests', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin', 'member-admin']);
    if (who.role === 'hub-admin') return { requests: await ctx.members.listRequests() };
    const own = await ctx.store.getMemberByOrg(who.orgId);
    return { requests: own ? await ctx.members.listRequests(own.id) : [] };
  });
  app.post('/api/v1/source-requests/:id/approve', async (req, reply) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    const { request, source } = await ctx.members.approveRequest(idParam(req), who.userId);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'source-request-approve', count: 1, detail: `request ${request.id} → source ${source.id}: member ${source.memberId} ${source.kind} ${source.url}` });
    return reply.status(201).send({ request, source });
  });
  app.post('/api/v1/source-requests/:id/reject', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    const body = parseWith(z.object({ note: z.string().max(500).optional() }), req.body ?? {});
    const request = await ctx.members.rejectRequest(idParam(req), who.userId, body.note ?? null);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'source-request-reject', count: 1, detail: `request ${request.id}: member ${request.memberId} ${request.url}` });
    return { request };
  });
  app.delete('/api/v1/sources/:id', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const s = await sourceOf(idParam(req));
    await mayManage(who, s.memberId);
    await ctx.members.removeSource(s.id);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'source-remove', count: 1, detail: `source ${s.id}: member ${s.memberId} ${s.kind} ${s.url}` });
    return reply.status(204).send();
  });
  app.post('/api/v1/sources/:id/test', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const s = await sourceOf(idParam(req));
    await mayManage(who, s.memberId);
    return ctx.members.testSource(s.id);
  });
  app.get('/api/v1/sources/:id/health', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const s = await sourceOf(idParam(req));
    await mayManage(who, s.memberId);
    return { source: publicSource(s), latency: await ctx.store.latencyHistory(s.id, 200) };
  });
}
