/**
 * The demo's community statistics come from its members' agents: the EVE generator's logs, aggregated by
 * the agent pipeline and posted batch by batch to the hub's ingest endpoint (audited there as each member),
 * so the statistics page's views answer on first open: a five-week daily trend, the baseline comparison of
 * the last hour with its quotable sentence, and one clear deviation (Mirai telnet, 2030092).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaselineAnswer, TopAnswer, TrendAnswer } from '../../contracts/stats/stats-answers.ts';
import { startDemo, type Demo } from './start-demo.ts';
import { SURGE_SIGNATURE } from './seed-agent-statistics.ts';
import { DEMO_MEMBERS } from './world.ts';

let demo: Demo;
const get = async <T>(p: string): Promise<T> => {
  const r = await fetch(`${demo.url}/api/v1${p}`, { headers: { authorization: `Bearer ${demo.key}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as T;
};

beforeAll(async () => {
  demo = await startDemo({ port: 0, fillerPerMember: 20, hub: { webDir: null } });
}, 240_000);
afterAll(async () => demo?.close());

describe('demo statistics through the agent and the ingest endpoint', () => {
  it('has every member’s agent send all its hourly batches, each audited as that member’s ingest', async () => {
    expect(demo.statistics.members.map((m) => m.name)).toEqual([...DEMO_MEMBERS]);
    for (const m of demo.statistics.members) {
      expect([m.name, m.accepted, m.refused, m.firstError]).toEqual([m.name, m.batches, 0, null]);
      // Five weeks: every day, one hour in six, and every hour of the last three days.
      expect(m.batches).toBeGreaterThanOrEqual(32 * 4 + 72);
    }
    const audit = await demo.hub.ctx.store.listAudit(100_000);
    const ingests = audit.filter((e) => e.action === 'stats-ingest');
    expect(Object.fromEntries(DEMO_MEMBERS.map((n) => [n, ingests.filter((e) => e.actorOrg === n).length]))).toEqual(Object.fromEntries(demo.statistics.members.map((m) => [m.name, m.batches])));
  });

  it('opens the statistics page on a baseline deviation with its quotable sentence, a five-week trend and the top list', async () => {
    const b = await get<BaselineAnswer>('/stats/baseline?dimension=signature&limit=5');
    const first = b.items[0]!;
    expect([first.key, first.label, first.deviation.level === 'normal']).toEqual([String(SURGE_SIGNATURE), 'ET EXPLOIT Mirai Telnet Brute Force', false]);
    expect(first.deviation.weeks).toBe(4);
    expect(first.sentence.ja).toContain('ET EXPLOIT Mirai Telnet Brute Force');
    expect(first.sentence.ja).toContain('センサー5台');
    expect(first.sentence.en).toContain('Mirai');

    const t = await get<TrendAnswer>(`/stats/trend?dimension=signature&key=${SURGE_SIGNATURE}&weeks=5`);
    expect([t.points.length, t.sensors]).toEqual([35, 5]);
    const events = t.points.map((p) => p.events ?? 0);
    const before = events.slice(0, -3);
    // The surge: each of the last two days carries more than ten times the busiest earlier day.
    expect(Math.min(...events.slice(-2))).toBeGreaterThan(10 * Math.max(...before));
    // An ordinary signature has a figure every day (at least the hub's three members behind it), no gap withheld.
    const ssh = await get<TrendAnswer>('/stats/trend?dimension=signature&key=2001219&weeks=5');
    expect(ssh.points.filter((p) => p.events !== null && p.events > 0 && (p.members ?? 0) >= 3).length).toBe(35);

    const top = await get<TopAnswer>('/stats/top?dimension=signature&period=day&limit=3');
    const today = top.buckets.at(-1)!.items[0]!;
    expect([today.key, today.members]).toEqual([String(SURGE_SIGNATURE), 5]);
  });

  it('keeps the sample search in the demo user’s history', async () => {
    const list = await get<{ searches: Array<{ id: string; hitValueCount: number | null }> }>('/searches');
    expect(list.searches.map((s) => s.id)).toEqual([demo.sample!.id]);
    expect(list.searches[0]!.hitValueCount).toBeGreaterThan(0);
  });
});
