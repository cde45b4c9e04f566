/** Cross-search endpoints: submit (streamed NDJSON or one JSON answer), history, one stored result. */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isRenkeiError } from '../../core/errors.ts';
import { SearchRequest, type SearchStreamEvent, type SearchSummary } from '../../contracts/hub-api.ts';
import type { HubContext } from '../context.ts';
import { parseWith } from './errors.ts';
import { requireUser } from './guard.ts';
import { readOwnSearch } from '../search/own-search.ts';

const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Registers `/api/v1/searches`. */
export function searchRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.post('/api/v1/searches', async (req, reply) => {
    const who = await requireUser(ctx.auth, req);
    const body = parseWith(SearchRequest, req.body);
    const accept = String(req.headers.accept ?? '');
    const wantsJson = accept.includes('application/json') && !accept.includes('ndjson');
    if (wantsJson) {
      const result = await ctx.search.run({ userId: who.userId, orgId: who.orgId, orgName: who.orgName, orgUuid: who.orgUuid }, body, () => undefined);
      return reply.send(result);
    }
    const stream = new PassThrough();
    let started = false;
    let markStarted: () => void = () => undefined;
    const first = new Promise<void>((r) => (markStarted = r));
    const running = ctx.search.run({ userId: who.userId, orgId: who.orgId, orgName: who.orgName, orgUuid: who.orgUuid }, body, (ev: SearchStreamEvent, json?: string) => {
      stream.write((json ?? JSON.stringify(ev)) + '\n');
      if (ev.type === 'done') stream.end();
      if (!started) {
        started = true;
        markStarted();
      }
    });
    running.then(
      () => {
        if (!stream.writableEnded) stream.end();
      },
      (e: unknown) => {
        req.log.error({ err: e }, 'search failed after it started');
        // Every stream ends with a final line, even when the result could not be stored.
        if (started && !stream.writableEnded) stream.end(JSON.stringify({ type: 'error', code: isRenkeiError(e) ? e.code : 'internal', message: isRenkeiError(e) ? e.message : 'the search could not be finished' }) + '\n');
        else if (!stream.writableEnded) stream.end();
      },
    );
    // Errors before the first event (validation, unknown members) still get an honest status.
    await Promise.race([first, running]);
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no').send(stream);
  });

  app.get('/api/v1/searches', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const q = parseWith(ListQuery, req.query, 'query');
    const rows = await ctx.store.listSearches(who.orgId, q.limit);
    const searches: SearchSummary[] = rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      user: r.userLogin,
      status: r.status,
      valueCount: r.valueCount,
      // Unknown until finished: an interrupted search is not a search that found nothing.
      hitValueCount: r.status === 'done' || r.status === 'partial' ? r.hitValueCount : null,
      resultKept: r.resultJson !== null,
    }));
    return { searches };
  });

  // One member asked again (it timed out or failed); the answer has the shape of the stream's member event.
  app.post('/api/v1/searches/:id/members/:member/retry', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const { id, member } = req.params as { id: string; member: string };
    return ctx.search.retryMember({ userId: who.userId, orgId: who.orgId, orgName: who.orgName, orgUuid: who.orgUuid }, id, member);
  });

  app.get('/api/v1/searches/:id', async (req) => {
    const who = await requireUser(ctx.auth, req);
    const id = (req.params as { id: string }).id;
    return readOwnSearch(ctx, who.orgId, id);
  });
}
