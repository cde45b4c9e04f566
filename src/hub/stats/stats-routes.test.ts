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
import { BaselineAnswer, TopAnswer, TrendAnswer } from '../../contracts/stats/stats-answers.ts';
import { statsRoutes } from './stats-routes.ts';
import { batch, row, sources } from './test-batches.ts';

const KEYS: Record<string, { orgName: string; role: string }> = {
  'key-a': { orgName: 'A', role: 'agent' },
  'key-b': { orgName: 'B', role: 'member' },
  'key-c': { orgName: 'C', role: 'member' },
};
const H0 = Date.UTC(2026, 10, 20, 13);
const WEEK = 7 * 86_400_000;
const DAY0 = new Date(Date.UTC(2026, 10, 20)).toISOString();
// Rows of the current hour: every member reports CN and US; KR comes from A and B only, JP from C only.
const cnNow = (n: number) => row({ country: 'CN', events: 100, sources: sources('cn-now-', n) });
const usNow = () => row({ country: 'US', asn: 7018, port: 22, events: 10, sources: sources('us-now-', 8) });
const krNow = () => row({ country: 'KR', asn: 4766, port: 3389, events: 5, sources: sources('kr-now-', 4) });
const jpNow = () => row({ country: 'JP', asn: 2516, port: 8080, events: 7, sources: sources('jp-now-', 3) });

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
      const resolvePrincipal = async (req: { headers: { authorization?: string | undefined } }) => {
        const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        return m ? (KEYS[m[1]!] ?? null) : null;
      };
      await app.register(statsRoutes, { prefix: '/api/v1/stats', stats: h.store, resolvePrincipal });
      // The same store with k = 2, to check the boundary (exactly k members is enough).
      await app.register(statsRoutes, { prefix: '/k2/stats', stats: h.store, resolvePrincipal, minMembers: 2 });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address() as { port: number };
      base = `http://127.0.0.1:${addr.port}/api/v1/stats`;
      // History: 4 previous weeks, same hour: CN 10 events/sensor, US 20 events/sensor, three sensors (A, B, C).
      // One week ago C saw no US, so that week's US figure rests on two members and is not community history.
      for (let w = 1; w <= 4; w++) {
        const t = H0 - w * WEEK;
        for (const [m, key] of [['s1', 'key-a'], ['s2', 'key-b'], ['s3', 'key-c']] as const) {
          const us = w === 1 && m === 's3' ? [] : [row({ country: 'US', asn: 7018, port: 22, events: 20, sources: sources(`us${w}-`, 8) })];
          const b = batch(t, m, [row({ country: 'CN', events: 10, sources: sources(`cn${w}-`, 5) }), ...us]);
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
      // Spike now: CN 100 events on each of three sensors, sources overlapping between members.
      const a = batch(H0, 's1', [cnNow(40), usNow(), krNow()], 'B-pretend');
      const b = batch(H0, 's2', [cnNow(60), usNow(), krNow()]);
      const c = batch(H0, 's3', [cnNow(60), usNow(), jpNow()]);
      const first = await call('POST', '/ingest', 'key-a', a);
      expect(first.json).toEqual({ ok: true, batchId: a.batchId, duplicate: false });
      expect((await call('POST', '/ingest', 'key-a', a)).json.duplicate).toBe(true);
      expect((await call('POST', '/ingest', 'key-b', b)).json.duplicate).toBe(false);
      expect((await call('POST', '/ingest', 'key-c', c)).json.duplicate).toBe(false);
      const top = await call('GET', `/top?dimension=country&period=hour&from=${new Date(H0).toISOString()}&to=${new Date(H0 + 3_600_000).toISOString()}`, 'key-c');
      expect(top.status).toBe(200);
      expect(top.json.buckets).toHaveLength(1);
      const bucket = top.json.buckets[0];
      expect(bucket.sensors).toBe(3);
      expect(bucket.items[0]).toMatchObject({ key: 'CN', events: 300, perSensor: 100, members: 3 });
      // 40, 60 and 60 overlapping names → 60 distinct, merged from the members' sketches.
      expect(Math.abs(bucket.items[0].sources - 60)).toBeLessThanOrEqual(3);
      const mine = await call('GET', `/top?dimension=country&period=hour&from=${H0 / 1000}&to=${H0 / 1000 + 3600}&mine=1`, 'key-a');
      expect(mine.json.scope).toBe('member:A');
      expect(mine.json.buckets[0].items[0]).toMatchObject({ key: 'CN', events: 100, members: 1 });
    });

    it('withholds community figures from fewer than k members and says how much was withheld', async () => {
      const hour = `from=${H0 / 1000}&to=${H0 / 1000 + 3600}`;
      const top = await call('GET', `/top?dimension=country&period=hour&${hour}`, 'key-c');
      expect(top.json.minMembers).toBe(3);
      const [bucket] = top.json.buckets;
      // KR (A, B) and JP (C) are each below k; together they come from three members, so their sum may be told.
      expect(bucket.items.map((i: { key: string }) => i.key)).toEqual(['CN', 'US']);
      expect(bucket.items[1]).toMatchObject({ key: 'US', events: 30, members: 3 });
      expect(bucket.withheld).toEqual({ items: 2, events: 17 });
      const ports = (await call('GET', `/top?dimension=port&period=hour&${hour}`, 'key-a')).json.buckets[0];
      expect(ports.items.map((i: { key: string }) => i.key)).toEqual(['23', '22']);
      expect(ports.withheld).toEqual({ items: 2, events: 17 });
      // The signature total includes KR and JP events: three members stand behind it.
      const sigs = (await call('GET', `/top?dimension=signature&period=hour&${hour}`, 'key-a')).json.buckets[0];
      expect(sigs.items).toEqual([expect.objectContaining({ key: '2000001', events: 347, members: 3 })]);
      expect(sigs.withheld).toEqual({ items: 0, events: 0 });

      // Each member still sees its own KR rows; nothing is withheld from a member's own view.
      for (const key of ['key-a', 'key-b']) {
        const own = (await call('GET', `/top?dimension=country&period=hour&${hour}&mine=1`, key)).json;
        expect(own.minMembers).toBe(1);
        expect(own.buckets[0].items).toContainEqual(expect.objectContaining({ key: 'KR', events: 5, members: 1 }));
        expect(own.buckets[0].withheld).toEqual({ items: 0, events: 0 });
      }

      // With k = 2, KR (exactly two members) is shown; JP alone is withheld and its events are not told.
      const k2 = await fetch(`${base.replace('/api/v1/stats', '/k2/stats')}/top?dimension=country&period=hour&${hour}`, { headers: { authorization: 'Bearer key-c' } });
      const k2bucket = ((await k2.json()) as { buckets: Array<{ items: Array<{ key: string; members: number }>; withheld: unknown }> }).buckets[0]!;
      expect(k2bucket.items.map((i) => [i.key, i.members])).toEqual([['CN', 3], ['US', 3], ['KR', 2]]);
      expect(k2bucket.withheld).toEqual({ items: 1, events: null });

      // Trend: the KR day is withheld (no figures, not zero) in the community view, present in B's own view.
      const trend = await call('GET', `/trend?dimension=country&key=KR&weeks=1&to=${H0 / 1000}`, 'key-c');
      const day = trend.json.points.find((p: { day: string }) => p.day === DAY0);
      expect(day).toMatchObject({ events: null, sources: null, perSensor: null, members: null, withheld: { items: 1, events: null } });
      expect(trend.json.points.filter((p: { withheld: { items: number } }) => p.withheld.items > 0)).toHaveLength(1);
      const ownTrend = await call('GET', `/trend?dimension=country&key=KR&weeks=1&to=${H0 / 1000}&mine=1`, 'key-b');
      expect(ownTrend.json.points.find((p: { day: string }) => p.day === DAY0)).toMatchObject({ events: 5, members: 1, withheld: { items: 0, events: 0 } });

      // Baseline: no sentence about KR or JP for the community, asked or not; A's own view does have one.
      const base0 = await call('GET', `/baseline?dimension=country&hour=${H0 / 1000}`, 'key-c');
      expect(base0.json.items.map((i: { key: string }) => i.key)).toEqual(['CN', 'US']);
      expect(base0.json.withheld).toEqual({ items: 2, events: 17 });
      expect(JSON.stringify(base0.json)).not.toMatch(/KR|JP/);
      const askedKr = await call('GET', `/baseline?dimension=country&hour=${H0 / 1000}&key=KR`, 'key-c');
      expect(askedKr.json.items).toEqual([]);
      expect(askedKr.json.withheld).toEqual({ items: 1, events: null });
      const ownKr = await call('GET', `/baseline?dimension=country&hour=${H0 / 1000}&key=KR&mine=1`, 'key-a');
      expect(ownKr.json.items[0]).toMatchObject({ key: 'KR', events: 5, deviation: { level: 'new' } });
      expect(ownKr.json.items[0].sentence.en).toMatch(/^New activity from country KR observed/);
      // The answers are exactly the wire schemas the web reads (strict: no field more, none missing).
      for (const [schema, answer] of [[TrendAnswer, trend], [TrendAnswer, ownTrend], [BaselineAnswer, base0], [BaselineAnswer, ownKr]] as const) expect(schema.safeParse(answer.json).error).toBeUndefined();
      expect(TopAnswer.safeParse((await call('GET', `/top?dimension=country&period=hour&${hour}`, 'key-c')).json).error).toBeUndefined();

      // CSV goes through the same rule, and says so in its header.
      const csv = (await call('GET', `/export.csv?view=top&dimension=country&period=hour&${hour}`, 'key-c')).text;
      expect(csv.split('\r\n')[2]).toBe('# minimum contributing members per figure: 3; withheld figures: 2; withheld events: 17');
      expect(csv).not.toMatch(/,(KR|JP),/);
      const ownCsv = (await call('GET', `/export.csv?view=top&dimension=country&period=hour&${hour}&mine=1`, 'key-a')).text;
      expect(ownCsv).toMatch(/,KR,,5,/);
      expect(ownCsv.split('\r\n')[2]).toBe('# minimum contributing members per figure: 1; withheld figures: 0; withheld events: 0');
      const trendCsv = (await call('GET', `/export.csv?view=trend&dimension=country&key=KR&weeks=1&to=${H0 / 1000}`, 'key-c')).text;
      expect(trendCsv.split('\r\n')[2]).toBe('# minimum contributing members per figure: 3; withheld figures: 1; withheld events: undisclosed');
      expect(trendCsv).toContain(`\r\n${DAY0},3,,,,,\r\n`);
      const baseCsv = (await call('GET', `/export.csv?view=baseline&dimension=country&hour=${H0 / 1000}&key=KR`, 'key-c')).text;
      expect(baseCsv).not.toContain('KR,');
    });

    it('ranks the baseline deviation and writes quotable sentences', async () => {
      const r = await call('GET', `/baseline?dimension=country&hour=${new Date(H0).toISOString()}&weeks=4`, 'key-c');
      expect(r.status).toBe(200);
      expect(r.json.sensors).toBe(3);
      const [cn, us] = r.json.items;
      expect(cn).toMatchObject({ key: 'CN', deviation: { level: 'large', median: 10, current: 100, weeks: 4 } });
      expect(cn.sentence.en).toMatch(/^Large-scale activity from country CN observed: 10× the usual level/);
      expect(us.key).toBe('US');
      // The week US came from two members only is left out of the community history.
      expect(us).toMatchObject({ history: [20, 20, 20], deviation: { weeks: 3, median: 20, current: 10 } });
      expect(us.sentence.en).toMatch(/^No large-scale activity from country US observed: 0\.5× the usual level .*previous 3 weeks/);
      const ownUs = await call('GET', `/baseline?dimension=country&hour=${H0 / 1000}&key=US&mine=1`, 'key-a');
      expect(ownUs.json.items[0]).toMatchObject({ key: 'US', history: [20, 20, 20, 20], deviation: { weeks: 4 } });
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
      expect(nonZero.map((p: { events: number; perSensor: number }) => [p.events, p.perSensor])).toEqual([[30, 10], [30, 10], [30, 10], [30, 10], [300, 100]]);
      expect(r.json.points.every((p: { withheld: { items: number } }) => p.withheld.items === 0)).toBe(true);
    });

    it('keeps a member’s own contribution private unless it opts in', async () => {
      const q = `/top?dimension=country&period=day&from=${H0 / 1000 - 86_400}&to=${H0 / 1000 + 86_400}&member=B`;
      expect((await call('GET', q, 'key-a')).status).toBe(403);
      expect((await call('GET', q, 'key-b')).status).toBe(200);
      expect((await call('PUT', '/opt-in', 'key-b', { optIn: true })).json).toEqual({ member: 'B', optIn: true });
      const r = await call('GET', q, 'key-a');
      expect(r.status).toBe(200);
      // B's own CN 100, US 10 and KR 5: an opted-in member's own figures are its own, nothing withheld.
      expect(r.json.buckets.flatMap((b: { items: Array<{ events: number }> }) => b.items).reduce((s: number, i: { events: number }) => s + i.events, 0)).toBe(115);
      expect((await call('GET', '/opt-in', 'key-c')).json.optedInMembers).toEqual(['B']);
    });

    it('exports CSV with the time range and contributing sensor count', async () => {
      const r = await call('GET', `/export.csv?view=top&dimension=country&period=hour&from=${H0 / 1000}&to=${H0 / 1000 + 3600}`, 'key-c');
      expect(r.status).toBe(200);
      const lines = r.text.split('\r\n');
      expect(lines[0]).toBe('# Renkei community statistics: top country per hour');
      expect(lines[1]).toBe(`# time range: ${new Date(H0).toISOString()} to ${new Date(H0 + 3_600_000).toISOString()} (UTC); contributing sensors: 3; scope: community`);
      expect(lines[4]).toBe('bucket_start,sensors,rank,country,label,events,distinct_sources,distinct_targets,events_per_sensor,members');
      expect(lines[5]).toMatch(/^2026-11-20T13:00:00.000Z,3,1,CN,,300,/);
      const b = await call('GET', `/export.csv?view=baseline&dimension=country&hour=${H0 / 1000}`, 'key-c');
      expect(b.text).toContain('Large-scale activity from country CN observed');
      const t = await call('GET', `/export.csv?view=trend&dimension=port&key=23&weeks=1&to=${H0 / 1000}`, 'key-c');
      expect(t.text.split('\r\n')[4]).toBe('day,sensors,events,distinct_sources,distinct_targets,events_per_sensor,members');
    });

    it('rejects bad input with honest statuses', async () => {
      expect((await call('POST', '/ingest', null, {})).status).toBe(401);
      const bad = await call('POST', '/ingest', 'key-a', { batchId: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe('validation_failed');
      expect((await call('POST', '/ingest', 'key-a', '{"truncated":')).json.error.code).toBe('invalid_json');
      // A batch aggregated with k = 1 could single out one source: refused, and nothing of it is stored.
      const weak = { ...batch(H0 + 5 * 3_600_000, 's1', [row({ country: 'NZ', events: 9, sources: ['lone'] })]), k: 1 };
      const refused = await call('POST', '/ingest', 'key-a', weak);
      expect(refused.status).toBe(400);
      expect(refused.json.error.message).toMatch(/k = 1.*k ≥ 3/);
      expect(await h.store.rows({ from: (H0 + 5 * 3_600_000) / 1000, to: (H0 + 6 * 3_600_000) / 1000 })).toEqual([]);
      expect((await call('GET', '/config', 'key-a')).json.k).toBe(3);
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
