/**
 * Statistics ingest is bounded per member (batches per minute, rows per hour) with a clear 429 that says
 * which limit and when to retry; a redelivered batch never counts; other members are not affected. Every
 * ingest, refusal and opt-in change is audited (counts, never contents). On SQLite and PostgreSQL.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsStoreEngines } from '../../testkit/stats-stores.ts';
import { statsRoutes, type StatsAuditEntry } from './stats-routes.ts';
import { batch, row, sources } from './test-batches.ts';

const H0 = Date.UTC(2026, 10, 20, 13);
const KEYS: Record<string, { orgName: string; role: string; userId: number }> = { 'key-a': { orgName: 'A', role: 'agent', userId: 11 }, 'key-b': { orgName: 'B', role: 'agent', userId: 12 } };

const engines = statsStoreEngines('stats-quota');

for (const [name, open] of engines) {
  describe(`stats ingest quotas and audit on ${name}`, () => {
    let h: Awaited<ReturnType<(typeof engines)[number][1]>>;
    let app: FastifyInstance;
    let base: string;
    const audit: StatsAuditEntry[] = [];
    const post = async (key: string, body: unknown) => {
      const res = await fetch(`${base}/ingest`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { error?: { code: string; message: string }; ok?: boolean; duplicate?: boolean } };
    };
    const rowsOf = (n: number, tag: string) => Array.from({ length: n }, (_, i) => row({ port: 1000 + i, events: 3, sources: sources(`${tag}${i}-`, 3) }));

    beforeAll(async () => {
      h = await open();
      await h.store.migrate();
      app = Fastify();
      await app.register(statsRoutes, {
        prefix: '/api/v1/stats',
        stats: h.store,
        quota: { rowsPerHour: 12, batchesPerMinute: 3 },
        audit: async (e) => void audit.push(e),
        resolvePrincipal: async (req) => KEYS[/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''] ?? null,
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/stats`;
    });
    afterAll(async () => {
      await app.close();
      await h.cleanup();
    });

    it('refuses the batch over the per-minute limit with a clear 429; redeliveries and other members are unaffected', async () => {
      const sent = [0, 1, 2].map((i) => batch(H0 + i * 3_600_000, 's1', rowsOf(1, `m${i}`)));
      for (const b of sent) expect((await post('key-a', b)).status).toBe(200);
      const over = await post('key-a', batch(H0 + 3 * 3_600_000, 's1', rowsOf(1, 'm3')));
      expect(over.status).toBe(429);
      expect(over.json.error?.code).toBe('rate_limited');
      expect(over.json.error?.message).toContain('3 batches in the last minute (limit 3 per minute)');
      expect(over.retryAfter).toBe('60');
      // Redelivery of a stored batch is still acknowledged as a duplicate, not refused.
      expect((await post('key-a', sent[1])).json).toMatchObject({ ok: true, duplicate: true });
      expect((await post('key-b', batch(H0, 's9', rowsOf(1, 'b')))).status).toBe(200);
      expect((await h.store.rows({ from: 0, to: 4_000_000_000, member: 'A' })).length).toBe(3);
    });

    it('refuses rows over the per-hour limit, and a batch bigger than the limit outright', async () => {
      expect((await post('key-b', batch(H0 + 3_600_000, 's9', rowsOf(10, 'c')))).status).toBe(200);
      const over = await post('key-b', batch(H0 + 2 * 3_600_000, 's9', rowsOf(2, 'd')));
      expect(over.status).toBe(429);
      expect(over.json.error?.message).toContain('sent 11 rows in the last hour; 2 more would exceed 12 rows per hour');
      const huge = await post('key-b', batch(H0 + 5 * 3_600_000, 's8', rowsOf(13, 'e')));
      expect(huge.status).toBe(429);
      expect(huge.json.error?.message).toContain('a batch of 13 rows exceeds the limit of 12 rows per hour');
      expect((await h.store.rows({ from: 0, to: 4_000_000_000, member: 'B' })).map((r) => r.events).reduce((a, b) => a + b, 0)).toBe(33);
    });

    it('audits ingests, duplicates, refusals and opt-in changes with counts, not contents', async () => {
      const put = await fetch(`${base}/opt-in`, { method: 'PUT', headers: { authorization: 'Bearer key-a', 'content-type': 'application/json' }, body: JSON.stringify({ optIn: true }) });
      expect(put.status).toBe(200);
      const bad = await post('key-a', { ...batch(H0, 's1', rowsOf(1, 'z')), k: 1 });
      expect(bad.status).toBe(400);
      const summary = audit.map((e) => [e.action, e.actorOrg, e.actorUserId, e.count, e.detail?.replace(/batch \w+$/, 'batch …') ?? null]);
      expect(summary).toEqual([
        ['stats-ingest', 'A', 11, 1, `sensor s1 hour ${new Date(H0).toISOString()} batch …`],
        ['stats-ingest', 'A', 11, 1, `sensor s1 hour ${new Date(H0 + 3_600_000).toISOString()} batch …`],
        ['stats-ingest', 'A', 11, 1, `sensor s1 hour ${new Date(H0 + 2 * 3_600_000).toISOString()} batch …`],
        ['stats-ingest-refused', 'A', 11, 1, 'quota batchesPerMinute'],
        ['stats-ingest-duplicate', 'A', 11, 1, `sensor s1 hour ${new Date(H0 + 3_600_000).toISOString()} batch …`],
        ['stats-ingest', 'B', 12, 1, `sensor s9 hour ${new Date(H0).toISOString()} batch …`],
        ['stats-ingest', 'B', 12, 10, `sensor s9 hour ${new Date(H0 + 3_600_000).toISOString()} batch …`],
        ['stats-ingest-refused', 'B', 12, 2, 'quota rowsPerHour'],
        ['stats-ingest-refused', 'B', 12, 13, 'quota rowsPerHour'],
        ['stats-opt-in', 'A', 11, null, null],
        ['stats-ingest-refused', 'A', 11, null, 'validation_failed'],
      ]);
      // No row content (rule names, sketches) goes into the audit log.
      expect(JSON.stringify(audit)).not.toMatch(/hll1|ET SCAN/);
    });
  });
}
