/**
 * Blind-search federation endpoints (hub's `search` key, pinned hub key, an assertion on every call):
 * `POST /federation/v1/blind/sets`, `/evaluate` and `/context`. Bodies hold blinded points, tags and
 * ciphertext only; the audit log keeps counts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { decodeBytes, encodeBytes } from '../../contracts/blind/bytes.ts';
import { BlindContextRequest, decodeSealed, encodeSealed } from '../../contracts/blind/context.ts';
import { BlindEvaluateRequest } from '../../contracts/blind/evaluate.ts';
import { BlindSetsRequest } from '../../contracts/blind/sets.ts';
import { nodeIdForKey } from '../../core/blind/plain-request.ts';
import { RenkeiError } from '../../core/errors.ts';
import { presentedKey } from '../auth.ts';
import type { NodeContext } from '../context.ts';
import { principalOf, requireRole } from '../http/guard.ts';
import type { BlindCaller } from './blind-service.ts';

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw new RenkeiError('validation_failed', `invalid blind request: ${issues.join('; ')}`, { issues });
  }
  return r.data;
}

function caller(req: FastifyRequest): BlindCaller {
  const p = principalOf(req);
  return { keyId: p.keyId, nodeId: nodeIdForKey(presentedKey(req)!.key) };
}

export function registerBlindRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const guard = { preHandler: requireRole(ctx.authenticate, ['search']) };
  const svc = ctx.blind.service;

  app.post('/federation/v1/blind/sets', guard, async (req) => {
    const body = parse(BlindSetsRequest, req.body);
    const r = await svc.sets(caller(req), body.assertion, body.have);
    await ctx.audit(req, 'blind.sets', { searchId: r.searcher.searchId, searcher: r.searcher.searcherName ?? r.searcher.searcherOrg, sets: r.sets.length });
    return { epoch: r.epoch, sets: r.sets };
  });

  app.post('/federation/v1/blind/evaluate', guard, async (req) => {
    const body = parse(BlindEvaluateRequest.strict(), req.body);
    const r = await svc.evaluate(caller(req), { assertion: body.assertion, epoch: body.epoch, blinded: body.blinded.map(decodeBytes) });
    await ctx.audit(req, 'blind.evaluate', { searchId: r.searcher.searchId, searcher: r.searcher.searcherName ?? r.searcher.searcherOrg, count: body.blinded.length, remaining: r.remaining });
    return { epoch: body.epoch, evaluated: r.evaluated.map(encodeBytes), proof: encodeBytes(r.proof), remaining: r.remaining };
  });

  app.post('/federation/v1/blind/context', guard, async (req) => {
    const body = parse(BlindContextRequest.strict(), req.body);
    const r = await svc.context(caller(req), { assertion: body.assertion, epoch: body.epoch, sealed: decodeSealed(body.sealed) });
    await ctx.audit(req, 'blind.context', { searchId: r.searcher.searchId, searcher: r.searcher.searcherName ?? r.searcher.searcherOrg, outputs: r.outputs, hits: r.hits });
    return { sealed: encodeSealed(r.sealed) };
  });
}
