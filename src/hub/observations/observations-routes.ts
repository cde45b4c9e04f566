/**
 * `/api/v1/observations`, `/api/v1/questions`, `/api/v1/rooms` (with its SSE stream) and
 * `/api/v1/topic-groups`. Every signed-in user of a member organisation may read and write; what each
 * one sees is decided by the store's read rule, never here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RenkeiError } from '../../core/errors.ts';
import { indicatorLookupValue } from '../../core/observations/indicators.ts';
import { quotableSentences } from '../../core/observations/question.ts';
import {
  CommentInput, ObservationInput, ObservationListQuery, QuestionAnswerInput, QuestionInput, ResponseInput, RoomInput, RoomStateInput, StatusInput, TimelinePostInput, TopicGroupInput,
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
  app.post('/api/v1/observations/:id/responses', async (req) => svc.respond(await actor(req), idParam(req), parseWith(ResponseInput, req.body)));
  app.post('/api/v1/observations/:id/comments', async (req, reply) => reply.status(201).send({ comments: await svc.comment(await actor(req), idParam(req), parseWith(CommentInput, req.body)) }));

  app.get('/api/v1/questions', async (req) => ({ questions: await store.listQuestions(await actor(req), svc.minMembers, 100) }));
  app.post('/api/v1/questions', async (req, reply) => reply.status(201).send(await svc.ask(await actor(req), parseWith(QuestionInput, req.body))));
  app.get('/api/v1/questions/:id', async (req) => {
    const q = found(await store.getQuestion(await actor(req), idParam(req), svc.minMembers), 'question');
    const at = ctx.now();
    const quotes = q.result.released ? quotableSentences(q, { respondents: q.result.respondents!, counts: q.result.counts! }, at) : [];
    return { question: q, quotes, at };
  });
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
    return { room, board: await store.board(who, id), timeline: await store.timeline(who, id, 500) };
  });
  app.put('/api/v1/rooms/:id/state', async (req) => svc.setRoomState(await actor(req), idParam(req), parseWith(RoomStateInput, req.body).state));
  app.put('/api/v1/rooms/:id/status', async (req) => svc.setStatus(await actor(req), idParam(req), parseWith(StatusInput, req.body)));
  app.post('/api/v1/rooms/:id/posts', async (req, reply) => reply.status(201).send({ id: await svc.postToRoom(await actor(req), idParam(req), parseWith(TimelinePostInput, req.body)) }));
  app.get('/api/v1/rooms/:id/events', async (req, reply) => streamRoom(await actor(req), idParam(req), req, reply, store, svc, ctx.config.observations.pollMs));

  app.get('/api/v1/topic-groups', async (req) => ({ groups: await store.listGroups(await actor(req)) }));
  app.post('/api/v1/topic-groups', async (req, reply) => {
    const who = await actor(req);
    const body = parseWith(TopicGroupInput, req.body);
    const g = await store.createGroup(who, body.name, body.orgIds, ctx.now());
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'topic-group-create', count: body.orgIds.length + 1, detail: `group ${g.id} ${g.name}` });
    return reply.status(201).send(g);
  });
}
