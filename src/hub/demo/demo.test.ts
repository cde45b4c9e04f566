/**
 * `renkei demo`: the generated world booted through the real CLI (`--json` line, per-member counts known
 * by construction, demo users can sign in), and a small `--world` directory built from ../shared/data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createHubClient } from '../../client/hub-client.ts';
import { startDemo, type Demo } from './start-demo.ts';
import { DEMO_MEMBERS } from './world.ts';

const data = path.resolve(process.cwd(), '../shared/data/iocs');
let child: ChildProcess | null = null;
let demo: Demo | null = null;
let tmp: string | null = null;
afterAll(async () => {
  child?.kill('SIGINT');
  await demo?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('renkei demo', () => {
  it('boots five members, prints one JSON line and runs the sample search with known counts', async () => {
    child = spawn(process.execPath, ['bin/renkei.js', 'demo', '--port', '0', '--json'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`demo exited with ${code}`)));
    });
    const out = JSON.parse(line) as {
      hub: string; key: string; members: { name: string }[]; users: { login: string; password: string; org: string; role: string }[];
      sample: { id: string; hits: Record<string, number>; expected: Record<string, number> };
      report: { id: number; title: string; html: string };
      observations: { observations: number[]; question: number; room: number };
      caseId: number;
      isp: { member: string; tickets: string[] };
    };
    expect(out.members.map((m) => m.name)).toEqual([...DEMO_MEMBERS]);
    // The published monthly report is readable without signing in, with its citation line.
    const page = await fetch(`${out.hub}${out.report.html}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/出典：Renkei コミュニティ統計（\d{4}年\d{1,2}月、会員5社・センサー5台）/);
    expect(out.sample.hits).toEqual(out.sample.expected);
    expect(out.sample.hits).toEqual({ 'Aoba CSIRT': 13, 'Kinu SOC': 0, 'Sakura ISAC': 355, 'Tsubaki Telecom': 177, 'Hinoki MSSP': 64 });
    const c = createHubClient({ baseUrl: out.hub, apiKey: out.key });
    expect((await c.listSearches()).searches.map((s) => s.id)).toContain(out.sample.id);
    const demoUser = out.users.find((u) => u.login === 'demo')!;
    expect(demoUser).toMatchObject({ org: 'Aoba CSIRT', role: 'analyst' });
    expect(new Set(out.users.map((u) => u.org)).size).toBeGreaterThanOrEqual(5);
    // The seeded observations, question and room, as the demo analyst (Aoba CSIRT) reads them.
    const get = async (p: string) => (await fetch(`${out.hub}/api/v1${p}`, { headers: { authorization: `Bearer ${out.key}` } })).json() as Promise<Record<string, unknown>>;
    expect(((await get('/observations')).observations as Array<{ id: number }>).map((o) => o.id)).toEqual([...out.observations.observations].reverse());
    expect(((await get(`/questions/${out.observations.question}`)).question as { result: { released: boolean } }).result.released).toBe(true);
    const room = await get(`/rooms/${out.observations.room}`);
    expect([(room.board as { lines: unknown[] }).lines.length, (room.timeline as unknown[]).length]).toEqual([4, 3]);
    const res = await fetch(`${out.hub}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: demoUser.login, password: demoUser.password }) });
    expect(res.status).toBe(200);
    // The seeded case, through the API as the demo analyst of the same org: the worked estimate, 50 hosts, plan tasks.
    expect(((await get('/cases')).cases as Array<{ id: number }>).map((c) => c.id)).toEqual([out.caseId]);
    const v = (await get(`/cases/${out.caseId}`)) as { case: { state: string; malwareFamilies: string[] }; counts: unknown; tasks: Array<{ title: string }>; damage: { damage: { yen: string } } };
    expect([v.case.state, v.case.malwareFamilies, v.counts, v.damage.damage.yen, v.tasks.length]).toEqual(['in_progress', ['SmokeLoader'], { black: 2, red: 3, yellow: 5, green: 30, untriaged: 10 }, '225000000', 7]);

    // The ISP member: registered space, in-app tickets per prefix and category from the demo agents' evidence.
    expect(out.isp.member).toBe('Tsubaki Telecom');
    // Per (prefix, category): agents' ids-alert in the three prefixes, scanner (feed, observation) in two, room
    // posts ("other") in two, and the DDoS room's reflector in one.
    expect(out.isp.tickets).toEqual(['RK-000001', 'RK-000002', 'RK-000003', 'RK-000004', 'RK-000005', 'RK-000006', 'RK-000007', 'RK-000008']);
    const signIn = async (org: string) => {
      const u = out.users.find((x) => x.org === org && x.role === 'analyst')!;
      const s = await fetch(`${out.hub}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: u.login, password: u.password }) });
      const cookie = (s.headers.get('set-cookie') ?? '').split(';')[0]!;
      return async (p: string) => (await fetch(`${out.hub}/api/v1${p}`, { headers: { cookie } })).json() as Promise<Record<string, unknown>>;
    };
    const tsubaki = await signIn('Tsubaki Telecom');
    const reports = (await tsubaki('/notifications/inbox')).reports as Array<{ address: string; sources: string[]; ticket: string | null; namedReporters: string[]; reporterCount: number }>;
    const inSpace = (a: string) => a.startsWith('198.51.100.') || a.startsWith('203.0.113.') || a.startsWith('2001:db8:7a');
    expect(reports.length).toBeGreaterThan(20);
    expect(reports.every((r) => inSpace(r.address) && r.ticket !== null && out.isp.tickets.includes(r.ticket))).toBe(true);
    // Agents' evidence, the hub's honeypot feed, the IP indicators of the seeded observation and room, and the DDoS room's reflectors.
    const sources = new Set(reports.flatMap((r) => r.sources.map((x) => x.replace(/^ddos-room:\d+$/, 'ddos-room'))));
    expect(sources).toEqual(new Set(['agent', 'feed:honeypot', 'observation', 'room', 'ddos-room']));
    // Only the first reporter (Aoba CSIRT) opted in to be named.
    expect(new Set(reports.flatMap((r) => r.namedReporters))).toEqual(new Set(['Aoba CSIRT']));
    const view = (await tsubaki('/isp/hosts?days=14')) as { series: Array<{ prefix: string; category: string; trend: string }> };
    expect(view.series.find((x) => x.prefix === '198.51.100.0/24' && x.category === 'ids-alert')?.trend).toBe('up');
    // Another member's inbox holds none of it.
    expect((await (await signIn('Kinu SOC'))('/notifications/inbox')).reports).toEqual([]);
  }, 240_000);

  it('loads a --world directory: one member per subdirectory, every file imported', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'renkei-world-'));
    const link = (member: string, file: string) => {
      mkdirSync(path.join(tmp!, member), { recursive: true });
      symlinkSync(path.join(data, file), path.join(tmp!, member, path.basename(file)));
    };
    link('Feodo Watch', 'abusech-feodo/ipblocklist.csv');
    link('Phish Desk', 'phishing/phishunt-2026-07-03/feed.csv');
    link('CIRCL Mirror', 'misp-circl-osint/long_event.json');
    demo = await startDemo({ worldDir: tmp, port: 0, hub: { enrichment: { enabled: false, rangeDirs: [] }, webDir: null } });
    expect(demo.members.map((m) => m.name)).toEqual(['CIRCL Mirror', 'Feodo Watch', 'Phish Desk']);
    expect(demo.members.every((m) => m.indicators > 0)).toBe(true);
    const r = await createHubClient({ baseUrl: demo.url, apiKey: demo.key }).search({ values: ['192.9.135.73', '85.239.243.155', 'office365.internal-alerts.com'] });
    expect(r.members.every((m) => m.status === 'ok')).toBe(true);
    const by = Object.fromEntries(r.results.map((v) => [v.value, v.hits]));
    expect(by['192.9.135.73']!['Feodo Watch']).toBeGreaterThan(0);
    expect(by['85.239.243.155']!['Feodo Watch']).toBeGreaterThan(0);
    expect(by['office365.internal-alerts.com']!['Phish Desk']).toBeGreaterThan(0);
    expect(by['192.9.135.73']!['Phish Desk']).toBeUndefined();
  }, 180_000);

  it('accepts member names sharing a first word (distinct logins, each signs in to its own member)', async () => {
    await demo?.close();
    demo = null;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-world-'));
    try {
      for (const [member, ip] of [['GRID-MISP(OSINT)', '203.0.113.10'], ['GRID-MISP(LAB)', '203.0.113.20']] as const) {
        mkdirSync(path.join(dir, member));
        writeFileSync(path.join(dir, member, 'iocs.txt'), `${ip}\n`);
      }
      demo = await startDemo({ worldDir: dir, port: 0, hub: { enrichment: { enabled: false, rangeDirs: [] }, webDir: null } });
      expect(demo.users.filter((u) => u.role !== 'hub-admin').map((u) => [u.login, u.org])).toEqual([
        ['demo', 'GRID-MISP(LAB)'],
        ['grid-misp-lab-admin', 'GRID-MISP(LAB)'],
        ['grid-misp-osint-admin', 'GRID-MISP(OSINT)'],
        ['grid-misp-osint', 'GRID-MISP(OSINT)'],
      ]);
      for (const u of demo.users) {
        const res = await fetch(`${demo.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: u.login, password: u.password }) });
        expect(res.status, u.login).toBe(200);
        expect(((await res.json()) as { user: { org: string } }).user.org, u.login).toBe(u.org);
      }
      const r = await createHubClient({ baseUrl: demo.url, apiKey: demo.key }).search({ values: ['203.0.113.10', '203.0.113.20'] });
      expect(r.results.map((v) => [v.value, v.hits])).toEqual([
        ['203.0.113.10', { 'GRID-MISP(OSINT)': 1 }],
        ['203.0.113.20', { 'GRID-MISP(LAB)': 1 }],
      ]);
    } finally {
      await demo?.close();
      demo = null;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
