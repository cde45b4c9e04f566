/**
 * `/api/v1/observations`, `/api/v1/questions`, `/api/v1/rooms` (with its SSE stream) and
 * `/api/v1/topic-groups`. Every signed-in user of a member organisation may read and write; what each
 * one sees is decided by the store's read rule, never here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import { indicatorLookupValue } from '../../core/observations/indicators.ts';
import {
  CommentInput, ObservationInput, ReadInput, ObservationListQuery, QuestionAnswerInput, QuestionInput, ResponseInput, RoomExportQuery, RoomInput, RoomStateInput, SubscriptionInput, NotificationsSeenInput, GroupMemberInput, GroupDecisionInput, ObservationExportQuery, StatusInput, TimelinePostInput, TopicGroupInput,
} from '../../contracts/observations/schemas.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, requireUser } from '../http/guard.ts';
import type { Actor } from './observations-service.ts';
import { streamRoom } from './room-stream.ts';

/** Registers the observation, question, room and topic-group routes. */
export function observationsRoutes(app: FastifyInstance, ctx: HubContext): void {
  const svc = ctx.observations;
  const store = ctx.storage.observations;
  const actor = async (req: FastifyRequest): Promise<Actor> => {
    const p = await requireUser(ctx.auth, req);
    return { orgId: p.orgId, role: p.role, userId: p.userId, orgName: p.orgName };
  };
  const found = <T>(v: T | null, what: string): T => {
    if (v === null) throw new RenkeiError('not_found', `no ${what}`);
    return v;
  };

  app.get('/api/v1/observations', async (req) => {
    const who = await actor(req);
    const q = parseWith(ObservationListQuery, req.query ?? {});
    let indicator: string | undefined;
    if (q.indicator !== undefined) {
      indicator = indicatorLookupValue(q.indicator) ?? undefined;
      if (!indicator) throw new RenkeiError('validation_failed', 'indicator could not be read', { field: 'indicator' });
    }
    const { indicator: _raw, ...rest } = q;
    const filter = Object.fromEntries(Object.entries({ ...rest, indicator }).filter(([, v]) => v !== undefined)) as unknown as Parameters<typeof store.listObservations>[1];
    return { observations: await store.listObservations(who, filter) };
  });
  app.post('/api/v1/observations', async (req, reply) => reply.status(201).send(await svc.post(await actor(req), parseWith(ObservationInput, req.body))));
  app.get('/api/v1/observations/:id', async (req) => {
    const who = await actor(req);
    const id = idParam(req);
    const observation = found(await store.getObservation(who, id), 'observation');
    return { observation, responses: await store.responses(who, id, svc.minMembers), comments: await store.comments(who, id) };
  });
  app.put('/api/v1/observations/:id', async (req) => svc.edit(await actor(req), idParam(req), parseWith(ObservationInput, req.body)));
  app.delete('/api/v1/observations/:id', async (req, reply) => {
    await svc.remove(await actor(req), idParam(req));
    return reply.status(204).send();
  });
  app.get('/api/v1/observations/:id/export', async (req, reply) => {
    const q = parseWith(ObservationExportQuery, req.query ?? {});
    const out = await svc.exportObservation(await actor(req), idParam(req), q.format, q.lang);
    return reply.header('content-type', out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).header('cache-control', 'no-store').send(out.body);
  });
  app.put('/api/v1/observations/:id/read', async (req, reply) => {
    await svc.markRead(await actor(req), idParam(req), parseWith(ReadInput, req.body).read);
    return reply.status(204).send();
  });
  app.post('/api/v1/observations/:id/responses', async (req) => svc.respond(await actor(req), idParam(req), parseWith(ResponseInput, req.body)));
  app.post('/api/v1/observations/:id/comments', async (req, reply) => reply.status(201).send({ comments: await svc.comment(await actor(req), idParam(req), parseWith(CommentInput, req.body)) }));

  app.get('/api/v1/questions', async (req) => ({ questions: await store.listQuestions(await actor(req), svc.minMembers, 100) }));
  app.post('/api/v1/questions', async (req, reply) => reply.status(201).send(await svc.ask(await actor(req), parseWith(QuestionInput, req.body))));
  app.get('/api/v1/questions/:id', async (req) => svc.questionView(await actor(req), idParam(req)));
  app.post('/api/v1/questions/:id/answers', async (req) => {
    const body = parseWith(QuestionAnswerInput, req.body);
    return svc.answer(await actor(req), idParam(req), body.option, body.named);
  });

  app.get('/api/v1/rooms', async (req) => ({ rooms: await store.listRooms(await actor(req), 100) }));
  app.post('/api/v1/rooms', async (req, reply) => reply.status(201).send(await svc.openRoom(await actor(req), parseWith(RoomInput, req.body))));
  app.get('/api/v1/rooms/:id', async (req) => {
    const who = await actor(req);
    const id = idParam(req);
    const room = found(await store.getRoom(who, id), 'room');
    return { room, board: await store.board(who, id), timeline: await store.timeline(who, id, 500), ...(room.kind === 'ddos' ? { ddos: await ctx.storage.ddos.view(who, id) } : {}) };
  });
  app.put('/api/v1/rooms/:id/state', async (req) => svc.setRoomState(await actor(req), idParam(req), parseWith(RoomStateInput, req.body).state));
  app.put('/api/v1/rooms/:id/status', async (req) => svc.setStatus(await actor(req), idParam(req), parseWith(StatusInput, req.body)));
  app.post('/api/v1/rooms/:id/posts', async (req, reply) => reply.status(201).send({ id: await svc.postToRoom(await actor(req), idParam(req), parseWith(TimelinePostInput, req.body)) }));
  app.get('/api/v1/rooms/:id/export', async (req, reply) => {
    const q = parseWith(RoomExportQuery, req.query ?? {});
    const out = await svc.exportRoom(await actor(req), idParam(req), q.format, q.lang);
    return reply.header('content-type', out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).header('cache-control', 'no-store').send(out.body);
  });
  // Cross-search of a room's indicators over the members (the federated search, as the searcher's org).
  app.post('/api/v1/rooms/:id/search', async (req) => {
    const p = await requireUser(ctx.auth, req);
    const values = await svc.roomIndicatorValues({ orgId: p.orgId, role: p.role, userId: p.userId, orgName: p.orgName }, idParam(req));
    if (values.length === 0) throw new RenkeiError('validation_failed', 'the room has no indicators to search');
    const result = await ctx.search.run({ userId: p.userId, orgId: p.orgId, orgName: p.orgName, orgUuid: p.orgUuid }, { values }, () => undefined);
    return { values, search: result };
  });
  app.get('/api/v1/rooms/:id/events', async (req, reply) => streamRoom(await actor(req), idParam(req), req, reply, store, svc, ctx.config.observations.pollMs));

  app.get('/api/v1/observation-subscriptions', async (req) => ({ subscriptions: await store.subscriptions(await actor(req)) }));
  app.put('/api/v1/observation-subscriptions', async (req) => {
    const body = parseWith(SubscriptionInput, req.body);
    return { subscriptions: await svc.subscribe(await actor(req), body.scope, { email: body.email, webhook: body.webhook }) };
  });
  app.delete('/api/v1/observation-subscriptions', async (req) => {
    const who = await actor(req);
    await store.unsubscribe(who, parseWith(SubscriptionInput, req.body).scope);
    return { subscriptions: await store.subscriptions(who) };
  });
  app.get('/api/v1/observation-notifications', async (req) => ({ notifications: await store.notifications(await actor(req), 100) }));
  app.post('/api/v1/observation-notifications/seen', async (req, reply) => {
    await store.markNotificationsSeen(await actor(req), parseWith(NotificationsSeenInput, req.body).upToId);
    return reply.status(204).send();
  });

  // With the member organisations an owner may ask to add (their names are shown to every member already).
  app.get('/api/v1/topic-groups', async (req) => {
    const who = await actor(req);
    const orgs = (await ctx.store.listMembers()).map((m) => ({ id: m.orgId, name: m.name })).sort((a, b) => a.name.localeCompare(b.name));
    return { groups: await store.listGroups(who), orgs };
  });
  app.post('/api/v1/topic-groups', async (req, reply) => {
    const body = parseWith(TopicGroupInput, req.body);
    return reply.status(201).send(await svc.createGroup(await actor(req), body.name, body.orgIds));
  });
  app.post('/api/v1/topic-groups/:id/members', async (req) => svc.addGroupMember(await actor(req), idParam(req), parseWith(GroupMemberInput, req.body).orgId));
  app.delete('/api/v1/topic-groups/:id/members/:orgId', async (req) => svc.removeGroupMember(await actor(req), idParam(req), idParam(req, 'orgId')));
  app.post('/api/v1/topic-groups/:id/requests/:orgId', async (req) => svc.decideGroupMember(await actor(req), idParam(req), idParam(req, 'orgId'), parseWith(GroupDecisionInput, req.body).approve));
}
