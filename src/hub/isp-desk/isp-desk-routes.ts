/**
 * `/api/v1/isp`: the owning member's acknowledgements and host view (by registration, category and day,
 * with trends), and a reporting member's aggregate outcomes. Rules live in the service and store.
 */
import type { FastifyInstance } from 'fastify';
import { AckInput, HostsQuery } from '../../contracts/isp-desk/isp-desk.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { requireUser } from '../http/guard.ts';

/** Registers the ISP desk routes. */
export function ispDeskRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/api/v1/isp/hosts', async (req) => {
    const who = await requireUser(ctx.auth, req);
    return ctx.ispDesk.hostView(who, parseWith(HostsQuery, req.query));
  });
  app.post('/api/v1/isp/acknowledge', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(AckInput, req.body);
    const out = await ctx.ispDesk.acknowledge(who, body);
    await ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action: 'isp-acknowledge', count: out.acknowledged.length, detail: `${body.state}${body.ticket ? ` ${body.ticket}` : ''}` });
    return out;
  });
  app.get('/api/v1/isp/outcomes', async (req) => {
    const who = await requireUser(ctx.auth, req);
    return { outcomes: await ctx.ispDesk.outcomes(who) };
  });
}
