/**
 * DDoS rooms: `POST /api/v1/ddos-rooms` opens one; `GET /api/v1/rooms/:id/ddos` is its DDoS part as the
 * reader may read it (`/ddos/addresses.csv`: all of the reader's own-space addresses); `PUT /api/v1/rooms/:id/mitigation` sets the reader org's mitigation line;
 * `POST /api/v1/rooms/:id/addresses` posts sources and reflectors. The rest (board, timeline, SSE, export)
 * is the rooms' own routes. Visibility is the store's, never decided here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AddressPostInput, DdosRoomInput, MitigationInput } from '../../contracts/observations/ddos.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, requireUser } from '../http/guard.ts';
import type { Actor } from './observations-service.ts';

/** Registers the DDoS room routes. */
export function ddosRoutes(app: FastifyInstance, ctx: HubContext): void {
  const svc = ctx.ddosRooms;
  const actor = async (req: FastifyRequest): Promise<Actor> => {
    const p = await requireUser(ctx.auth, req);
    return { orgId: p.orgId, role: p.role, userId: p.userId, orgName: p.orgName };
  };
  app.post('/api/v1/ddos-rooms', async (req, reply) => {
    const { target, targetHidden, vectors, ...room } = parseWith(DdosRoomInput, req.body);
    return reply.status(201).send(await svc.open(await actor(req), room, { target, targetHidden, vectors }));
  });
  app.get('/api/v1/rooms/:id/ddos', async (req) => svc.view(await actor(req), idParam(req)));
  // The reader's own-space sources and reflectors, every one, for its own customer-notification systems.
  app.get('/api/v1/rooms/:id/ddos/addresses.csv', async (req, reply) => {
    const csv = await svc.ownSpaceCsv(await actor(req), idParam(req));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ddos-room-${idParam(req)}-addresses.csv"`).header('cache-control', 'no-store').send(csv);
  });
  app.put('/api/v1/rooms/:id/mitigation', async (req) => svc.setMitigation(await actor(req), idParam(req), parseWith(MitigationInput, req.body)));
  app.post('/api/v1/rooms/:id/addresses', async (req, reply) => reply.status(201).send(await svc.postAddresses(await actor(req), idParam(req), parseWith(AddressPostInput, req.body))));
}
