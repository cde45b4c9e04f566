/**
 * `/api/v1/address-space`: members register prefixes and AS numbers (member admins for their own member,
 * hub admins for any), hub admins approve, reject and see conflicts; everyone reads only what the store's
 * read rule lets them. `/prefixes` lists approved prefixes without owners, for agents.
 */
import type { FastifyInstance } from 'fastify';
import { ClaimInput, DecisionInput } from '../../contracts/address-space/claims.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from '../http/errors.ts';
import { idParam, requireUser } from '../http/guard.ts';

/** Registers the address-space routes. */
export function addressSpaceRoutes(app: FastifyInstance, ctx: HubContext): void {
  const audit = (who: { userId: number; orgName: string }, action: string, detail: string) =>
    ctx.store.audit({ at: ctx.now(), actorUserId: who.userId, actorOrg: who.orgName, action, count: 1, detail });

  app.get('/api/v1/address-space/claims', async (req) => {
    const who = await requireUser(ctx.auth, req);
    return { claims: await ctx.addressSpace.list(who) };
  });
  app.post('/api/v1/address-space/claims', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(ClaimInput, req.body);
    const claim = await ctx.addressSpace.claim(who, body);
    await audit(who, 'address-claim', `claim ${claim.id}: member ${claim.memberId} ${claim.value} (${claim.check?.verdict ?? 'unchecked'})`);
    return reply.status(201).send(claim);
  });
  for (const state of ['approved', 'rejected'] as const) {
    app.post(`/api/v1/address-space/claims/:id/${state === 'approved' ? 'approve' : 'reject'}`, async (req) => {
      const who = await requireUser(ctx.auth, req, ['hub-admin']);
      const body = parseWith(DecisionInput, req.body ?? {});
      const claim = await ctx.addressSpace.decide(who, idParam(req), state, body.note ?? null);
      await audit(who, `address-claim-${state === 'approved' ? 'approve' : 'reject'}`, `claim ${claim.id}: member ${claim.memberId} ${claim.value}`);
      return claim;
    });
  }
  app.delete('/api/v1/address-space/claims/:id', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const id = idParam(req);
    await ctx.addressSpace.remove(who, id);
    await audit(who, 'address-claim-remove', `claim ${id}`);
    return reply.status(204).send();
  });
  app.get('/api/v1/address-space/conflicts', async (req) => {
    const who = await requireUser(ctx.auth, req, ['hub-admin']);
    return { conflicts: await ctx.addressSpace.conflicts(who) };
  });
  app.get('/api/v1/address-space/prefixes', async (req) => {
    await requireUser(ctx.auth, req);
    return { prefixes: await ctx.addressSpace.registeredPrefixes() };
  });
}
