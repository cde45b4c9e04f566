/**
 * A listening hub on a temp SQLite file with seeded community statistics (6 members, 1 August to
 * 30 November 2026, two hours a day) and one user per role, for the report tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { testPgUrl, uniqueSchema } from '../../testkit/store-factory.ts';
import os from 'node:os';
import path from 'node:path';
import { createHub, type Hub } from '../create-hub.ts';
import { seedStatistics, statisticsBatches, type SeedStatisticsOptions } from '../demo/seed-statistics.ts';
import type { HubConfigInput } from '../config.ts';

export const TEST_SECRET = 'report-test-secret-0123456789abcdef';
export const MEMBERS = ['Aoba CSIRT', 'Kinu SOC', 'Midori ISP', 'Sakura CERT', 'Tsubaki NOC', 'Hinoki SOC'];

export interface TestUser {
  login: string;
  key: string;
}
export type Who = 'anon' | 'analyst' | 'memberAdmin' | 'hubAdmin';

export interface ReportTestHub {
  hub: Hub;
  url: string;
  dir: string;
  seed: SeedStatisticsOptions;
  users: Record<Exclude<Who, 'anon'>, TestUser>;
  api(who: Who, method: string, p: string, body?: unknown): Promise<{ status: number; headers: Headers; text: string; json: any }>;
  /** Events per (member, port) in [fromMs, toMs) straight from the seeded batches (not through the hub). */
  rawPortEvents(fromMs: number, toMs: number): Map<number, Map<string, number>>;
  close(): Promise<void>;
}

/** Starts the hub; `seed` overrides the statistics seeded. */
export async function startReportTestHub(opts: { seed?: Partial<SeedStatisticsOptions>; hub?: HubConfigInput; db?: 'sqlite' | 'postgres' } = {}): Promise<ReportTestHub> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-reports-hub-'));
  const schema = opts.db === 'postgres' ? uniqueSchema('rephub') : null;
  const db = schema ? { db: testPgUrl(), pgSchema: schema } : { db: path.join(dir, 'hub.db') };
  const hub = await createHub({ ...db, host: '127.0.0.1', port: 0, webDir: null, secret: TEST_SECRET, enrichment: { enabled: false, rangeDirs: [] }, notifications: { tickMs: 0 }, ...opts.hub });
  const url = await hub.listen();
  const seed: SeedStatisticsOptions = { members: MEMBERS, fromMs: Date.UTC(2026, 7, 1), days: 122, hoursPerDay: 2, surgeDays: 10, ...opts.seed };
  await seedStatistics(hub.ctx.storage.stats, seed);
  const mk = async (login: string, orgName: string, role: 'hub-admin' | 'member-admin' | 'analyst'): Promise<TestUser> => {
    const u = await hub.ctx.auth.createUser({ login, password: null, orgName, role });
    return { login, key: (await hub.ctx.auth.createKey(u.id, 'test')).key };
  };
  const users = {
    analyst: await mk('aoba-analyst', 'Aoba CSIRT', 'analyst'),
    memberAdmin: await mk('kinu-admin', 'Kinu SOC', 'member-admin'),
    hubAdmin: await mk('operator', 'Hub Operator', 'hub-admin'),
  };
  return {
    hub,
    url,
    dir,
    seed,
    users,
    async api(who, method, p, body) {
      const headers: Record<string, string> = { ...(who === 'anon' ? {} : { authorization: `Bearer ${users[who].key}` }), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
      const res = await fetch(`${url}${p}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    rawPortEvents(fromMs, toMs) {
      const out = new Map<number, Map<string, number>>();
      for (const { member, batch } of statisticsBatches(seed)) {
        const at = Date.parse(batch.hour);
        if (at < fromMs || at >= toMs) continue;
        for (const r of batch.rows) {
          let m = out.get(r.port!);
          if (!m) out.set(r.port!, (m = new Map()));
          m.set(member, (m.get(member) ?? 0) + r.events);
        }
      }
      return out;
    },
    async close() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
      if (schema) {
        const c = new pg.Client({ connectionString: testPgUrl() });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}
