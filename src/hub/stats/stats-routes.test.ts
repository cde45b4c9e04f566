import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsStore } from '../../storage/stats/port.ts';
import { createPostgresStatsStore } from '../../storage/stats/postgres-stats-store.ts';
import { createSqliteStatsStore } from '../../storage/stats/sqlite-stats-store.ts';
import { statsRoutes } from './stats-routes.ts';
import { batch, row, sources } from './test-batches.ts';

const KEYS: Record<string, { orgName: string; role: string }> = {
  'key-a': { orgName: 'A', role: 'agent' },
  'key-b': { orgName: 'B', role: 'member' },
  'key-c': { orgName: 'C', role: 'member' },
};
const H0 = Date.UTC(2026, 10, 20, 13);
const WEEK = 7 * 86_400_000;

interface Harness {
  store: StatsStore;
  cleanup: () => Promise<void>;
}

async function sqliteHarness(): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-stats-'));
  const store = createSqliteStatsStore(path.join(dir, 'stats.db'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function postgresHarness(): Promise<Harness> {
  const url = process.env.RENKEI_TEST_PG;
  if (!url) throw new Error('RENKEI_TEST_PG is not set: PostgreSQL tests need a database (npm test sets it)');
  const schema = `stats_${randomBytes(6).toString('hex')}`;
  const store = createPostgresStatsStore({ url, schema });
  return {
    store,
    cleanup: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

for (const [engine, make] of [['sqlite', sqliteHarness], ['postgres', postgresHarness]] as const) {
  describe(`stats routes on ${engine}`, () => {
    let h: Harness;
    let app: FastifyInstance;
    let base: string;
    const call = async (method: string, url: string, key: string | null, body?: unknown): Promise<{ status: number; json: any; text: string }> => {
      const res = await fetch(base + url, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* CSV */
      }
      return { status: res.status, json, text };
    };

    beforeAll(async () => {
      h = await make();
      await h.store.migrate();
      app = Fastify();
      await app.register(statsRoutes, {
        prefix: '/api/v1/stats',
        stats: h.store,
        resolvePrincipal: async (req) => {
          const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
          return m ? (KEYS[m[1]!] ?? null) : null;
        },
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address() as { port: number };
      base = `http://127.0.0.1:${addr.port}/api/v1/stats`;
      // History: 4 previous weeks, same hour: CN 10 events/sensor, US 20 events/sensor, two sensors (A, B).
      for (let w = 1; w <= 4; w++) {
        const t = H0 - w * WEEK;
        for (const [m, key] of [['s1', 'key-a'], ['s2', 'key-b']] as const) {
          const b = batch(t, m, [row({ country: 'CN', events: 10, sources: sources(`cn${w}-`, 5) }), row({ country: 'US', asn: 7018, port: 22, events: 20, sources: sources(`us${w}-`, 8) })]);
          expect((await call('POST', '/ingest', key, b)).status).toBe(200);
        }
      }
    });

    afterAll(async () => {
      await app.close();
      await h.cleanup();
    });

    it('gives agents the hub-wide sketch salt', async () => {
      const r = await call('GET', '/config', 'key-a');
      expect(r.status).toBe(200);
      expect(r.json.sketchSalt).toMatch(/^[0-9a-f]{64}$/);
      expect((await call('GET', '/config', 'key-b')).json.sketchSalt).toBe(r.json.sketchSalt);
      expect((await call('GET', '/config', null)).status).toBe(401);
    });

    it('ingests idempotently by batch id and attributes by key', async () => {
      // Spike now: CN 100 events on each of two sensors, sources overlapping between members.
      const a = batch(H0, 's1', [row({ country: 'CN', events: 100, sources: sources('cn-now-', 40) }), row({ country: 'US', asn: 7018, port: 22, events: 21, sources: sources('us-now-', 8) })], 'B-pretend');
      const b = batch(H0, 's2', [row({ country: 'CN', events: 100, sources: sources('cn-now-', 60) })]);
      const first = await call('POST', '/ingest', 'key-a', a);
      expect(first.json).toEqual({ ok: true, batchId: a.batchId, duplicate: false });
      expect((await call('POST', '/ingest', 'key-a', a)).json.duplicate).toBe(true);
      expect((await call('POST', '/ingest', 'key-b', b)).json.duplicate).toBe(false);
      const top = await call('GET', `/top?dimension=country&period=hour&from=${new Date(H0).toISOString()}&to=${new Date(H0 + 3_600_000).toISOString()}`, 'key-c');
      expect(top.status).toBe(200);
      expect(top.json.buckets).toHaveLength(1);
      const bucket = top.json.buckets[0];
      expect(bucket.sensors).toBe(2);
      expect(bucket.items[0]).toMatchObject({ key: 'CN', events: 200, perSensor: 100, members: 2 });
      // 40 and 60 overlapping names → 60 distinct, merged from both members' sketches.
      expect(Math.abs(bucket.items[0].sources - 60)).toBeLessThanOrEqual(3);
      const mine = await call('GET', `/top?dimension=country&period=hour&from=${H0 / 1000}&to=${H0 / 1000 + 3600}&mine=1`, 'key-a');
      expect(mine.json.scope).toBe('member:A');
      expect(mine.json.buckets[0].items[0]).toMatchObject({ key: 'CN', events: 100, members: 1 });
    });

    it('ranks the baseline deviation and writes quotable sentences', async () => {
      const r = await call('GET', `/baseline?dimension=country&hour=${new Date(H0).toISOString()}&weeks=4`, 'key-c');
      expect(r.status).toBe(200);
      expect(r.json.sensors).toBe(2);
      const [cn, us] = r.json.items;
      expect(cn).toMatchObject({ key: 'CN', deviation: { level: 'large', median: 10, current: 100 } });
      expect(cn.sentence.en).toMatch(/^Large-scale activity from country CN observed: 10× the usual level/);
      expect(us.key).toBe('US');
      expect(us.sentence.en).toMatch(/^No large-scale activity from country US observed: 0\.5× the usual level/);
      const asked = await call('GET', `/baseline?dimension=country&hour=${H0 / 1000}&key=RU`, 'key-c');
      expect(asked.json.items[0]).toMatchObject({ key: 'RU', events: 0, deviation: { level: 'normal' } });
      const port = await call('GET', `/baseline?dimension=port&hour=${H0 / 1000}`, 'key-c');
      expect(port.json.items.map((i: { key: string }) => i.key)).toEqual(['23', '22']);
    });

    it('shows daily trends with per-sensor normalisation', async () => {
      const r = await call('GET', `/trend?dimension=country&key=CN&weeks=5&to=${new Date(H0 + 3_600_000).toISOString()}`, 'key-c');
      expect(r.status).toBe(200);
      expect(r.json.points).toHaveLength(35);
      const nonZero = r.json.points.filter((p: { events: number }) => p.events > 0);
      expect(nonZero.map((p: { events: number; perSensor: number }) => [p.events, p.perSensor])).toEqual([[20, 10], [20, 10], [20, 10], [20, 10], [200, 100]]);
    });

    it('keeps a member’s own contribution private unless it opts in', async () => {
      const q = `/top?dimension=country&period=day&from=${H0 / 1000 - 86_400}&to=${H0 / 1000 + 86_400}&member=B`;
      expect((await call('GET', q, 'key-a')).status).toBe(403);
      expect((await call('GET', q, 'key-b')).status).toBe(200);
      expect((await call('PUT', '/opt-in', 'key-b', { optIn: true })).json).toEqual({ member: 'B', optIn: true });
      const r = await call('GET', q, 'key-a');
      expect(r.status).toBe(200);
      expect(r.json.buckets.flatMap((b: { items: Array<{ events: number }> }) => b.items).reduce((s: number, i: { events: number }) => s + i.events, 0)).toBe(100);
      expect((await call('GET', '/opt-in', 'key-c')).json.optedInMembers).toEqual(['B']);
    });

    it('exports CSV with the time range and contributing sensor count', async () => {
      const r = await call('GET', `/export.csv?view=top&dimension=country&period=hour&from=${H0 / 1000}&to=${H0 / 1000 + 3600}`, 'key-c');
      expect(r.status).toBe(200);
      const lines = r.text.split('\r\n');
      expect(lines[0]).toBe('# Renkei community statistics: top country per hour');
      expect(lines[1]).toBe(`# time range: ${new Date(H0).toISOString()} to ${new Date(H0 + 3_600_000).toISOString()} (UTC); contributing sensors: 2; scope: community`);
      expect(lines[3]).toBe('bucket_start,sensors,rank,country,label,events,distinct_sources,distinct_targets,events_per_sensor,members');
      expect(lines[4]).toMatch(/^2026-11-20T13:00:00.000Z,2,1,CN,,200,/);
      const b = await call('GET', `/export.csv?view=baseline&dimension=country&hour=${H0 / 1000}`, 'key-c');
      expect(b.text).toContain('Large-scale activity from country CN observed');
      const t = await call('GET', `/export.csv?view=trend&dimension=port&key=23&weeks=1&to=${H0 / 1000}`, 'key-c');
      expect(t.text.split('\r\n')[3]).toBe('day,sensors,events,distinct_sources,distinct_targets,events_per_sensor,members');
    });

    it('rejects bad input with honest statuses', async () => {
      expect((await call('POST', '/ingest', null, {})).status).toBe(401);
      const bad = await call('POST', '/ingest', 'key-a', { batchId: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe('validation_failed');
      expect((await call('POST', '/ingest', 'key-a', '{"truncated":')).json.error.code).toBe('invalid_json');
      const sketchJunk = batch(H0, 's9', [{ ...row({ events: 1, sources: ['x'] }), sources: 'hll1s:12:AAA=' }]);
      expect((await call('POST', '/ingest', 'key-a', sketchJunk)).status).toBe(400);
      const unknown = await call('GET', '/top?dimension=country&bogus=1', 'key-c');
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.code).toBe('unknown_parameter');
      expect((await call('GET', '/top?dimension=planet', 'key-c')).status).toBe(400);
      expect((await call('GET', '/top?dimension=country&from=2026-01-02&to=2026-01-01', 'key-c')).status).toBe(400);
      expect((await call('GET', '/trend?dimension=country', 'key-c')).status).toBe(400);
    });
  });
}
