/**
 * `renkei demo` as a library: member nodes and a hub in one process on embedded SQLite (a temp dir),
 * seeded with the generated world (or a `--world DIR` of member subdirectories imported with the
 * importers), demo web users with known passwords, one incident case in member 1's organisation, and a
 * sample cross-search run at start.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createIpInfo } from '../../geo/ip-info.ts';
import { createNode, type RenkeiNode } from '../../node/create-node.ts';
import { parseNodeConfig } from '../../node/config.ts';
import { runImport } from '../../importers/run-import.ts';
import type { HubRole, SearchResult } from '../../contracts/hub-api.ts';
import { createHub, type Hub } from '../create-hub.ts';
import { demoLoginStems } from './demo-logins.ts';
import { enrolNode } from './enrol-node.ts';
import { seedDemoCase } from './seed-case.ts';
import type { HubConfigInput } from '../config.ts';
import { generateWorld, type DemoWorld } from './world.ts';
import { demoStatisticsDays, publishDemoReport, type DemoReport } from './demo-report.ts';
import { seedAgentStatistics, type AgentStatisticsResult } from './seed-agent-statistics.ts';
import { seedObservations, type SeededObservations } from './seed-observations.ts';
import { seedIspSpace, setIspDirective } from './seed-isp.ts';
import { seedDdosRoom } from './seed-ddos-room.ts';
import type { Actor } from '../observations/observations-service.ts';
import type { HubContext } from '../context.ts';

export interface DemoUser {
  login: string;
  password: string;
  org: string;
  role: HubRole;
}

export interface Demo {
  hub: Hub;
  url: string;
  /** API key of the demo analyst (organisation of member 1). */
  key: string;
  members: { name: string; url: string; indicators: number }[];
  users: DemoUser[];
  world: DemoWorld | null;
  sample: { id: string; values: number; hits: Record<string, number>; expected: Record<string, number> | null } | null;
  /** The published monthly report (public, TLP:CLEAR) built from the seeded statistics. */
  report: DemoReport;
  /** What each member's agent sent to the hub's ingest endpoint. */
  statistics: AgentStatisticsResult;
  /** Ids of the seeded observations, question and room (generated world only). */
  observations: SeededObservations | null;
  /** The seeded incident case (in member 1's organisation). */
  caseId: number;
  /** The ISP member with registered space and the notifications the demo agents' evidence made (generated world only). */
  isp: { member: string; tickets: string[] } | null;
  close(): Promise<void>;
}

export interface DemoOptions {
  worldDir?: string;
  port?: number;
  host?: string;
  /** Indicators per member besides the sample hits (generated world only). */
  fillerPerMember?: number;
  hub?: HubConfigInput;
  log?: (line: string) => void;
}

/** Boots the demo; resolves once the sample search (generated world) is done. */
export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renkei-demo-'));
  const nodes: RenkeiNode[] = [];
  let hub: Hub | null = null;
  const close = async (): Promise<void> => {
    await hub?.close().catch(() => undefined);
    for (const n of nodes) await n.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Load the IP data (≈1 s) while the nodes boot; createIpInfo caches it per process.
    if (opts.hub?.enrichment?.enabled !== false) void createIpInfo().catch(() => undefined);
    const world = opts.worldDir ? null : generateWorld(opts.fillerPerMember !== undefined ? { fillerPerMember: opts.fillerPerMember } : {});
    const memberNames = world ? world.members.map((m) => m.name) : readdirSync(opts.worldDir!).filter((n) => statSync(path.join(opts.worldDir!, n)).isDirectory()).sort();
    if (memberNames.length === 0) throw new Error(`no member subdirectories in ${opts.worldDir}`);

    const members: Demo['members'] = [];
    for (const [i, name] of memberNames.entries()) {
      const node = await createNode(parseNodeConfig({ db: path.join(dir, `member-${i + 1}.db`), host: '127.0.0.1', port: 0, logLevel: 'silent' }));
      nodes.push(node);
      const url = await node.listen();
      const owner = await node.store.ensureOrg({ name });
      if (world) {
        const events = world.members[i]!.events;
        for (let j = 0; j < events.length; j += 200) await node.store.saveEvents(events.slice(j, j + 200), owner.id);
      } else {
        const sub = path.join(opts.worldDir!, name);
        const files = readdirSync(sub).map((f) => path.join(sub, f));
        const s = await runImport(node.store, files, { org: { name }, format: 'auto', tags: [{ name: 'tlp:green' }], distribution: 3 });
        log(`${name}: imported ${s.imported} indicators from ${s.files} files (${s.rejected} rejected)`);
      }
      members.push({ name, url, indicators: (await node.store.counts()).attributes });
    }

    // The demo's members all live on loopback: show their check errors in full.
    // The demo's agents send weeks of hourly batches at once: its own ingest quota allows that.
    hub = await createHub({ db: path.join(dir, 'hub.db'), host: opts.host ?? '127.0.0.1', port: opts.port ?? 8443, allowPrivateSources: true, stats: { batchesPerMinute: 1_000_000 }, ...opts.hub });
    const url = await hub.listen();
    const ctx = hub.ctx;
    const hubKey = (await (await fetch(`${url}/api/v1/federation/hub-key`)).json()) as { publicKey: string };
    for (const [i, m] of members.entries()) await enrolNode(ctx, hubKey.publicKey, nodes[i]!, m);
    const users: DemoUser[] = [];
    // One acting user per member organisation, for the seeded observations.
    const actors = new Map<string, Actor>();
    const addUser = async (login: string, org: string, role: HubRole): Promise<number> => {
      const password = `${login}-renkei-demo`;
      const u = await ctx.auth.createUser({ login, password, orgName: org, role, locale: 'ja' });
      users.push({ login, password, org, role });
      if (role !== 'hub-admin' && !actors.has(org)) actors.set(org, { userId: u.id, orgId: u.orgId, role, orgName: org });
      return u.id;
    };
    const first = members[0]!.name;
    const analystId = await addUser('demo', first, 'analyst');
    const hubAdminId = await addUser('admin', 'Renkei Hub', 'hub-admin');
    let firstAdmin = { id: 0, login: '' };
    const stems = demoLoginStems(members.map((m) => m.name));
    // Each member's agent posts with a key of that member's admin (the sensor's operator).
    const agents: Array<{ name: string; apiKey: string }> = [];
    for (const [i, m] of members.entries()) {
      const slug = stems[i]!;
      const adminId = await addUser(`${slug}-admin`, m.name, 'member-admin');
      agents.push({ name: m.name, apiKey: (await ctx.auth.createKey(adminId, 'agent')).key });
      if (i === 0) firstAdmin = { id: adminId, login: `${slug}-admin` };
      if (i > 0) await addUser(slug, m.name, 'analyst');
    }
    const key = (await ctx.auth.createKey(analystId, 'demo')).key;

    const firstOrg = (await ctx.store.getOrg(first))!;
    const caseId = await seedDemoCase(ctx, { userId: firstAdmin.id, login: firstAdmin.login, orgId: firstOrg.id, orgName: firstOrg.name, role: 'member-admin' });
    let sample: Demo['sample'] = null;
    // The ISP's space is registered before observations are seeded, so indicators in it are routed too.
    const ispName = world ? memberNames.find((n) => n === 'Tsubaki Telecom') : undefined;
    if (ispName) await seedIspSpace(ctx, { isp: ispName, reporters: memberNames.filter((n) => n !== ispName), hubAdminId, nowMs: ctx.now() });
    const observations = world ? await seedObservations(ctx.observations, members.map((m) => actors.get(m.name)!), ctx.now()) : null;
    // The in-app directive opens the ISP's tickets (one per prefix and category). The hub's background
    // worker may have composed some already, so they are read from the ISP's reports, not from this call.
    if (world) await seedDdosRoom(ctx.ddosRooms, members.map((m) => actors.get(m.name)!));
    const isp = ispName ? { member: ispName, tickets: await ispTickets(ctx, ispName) } : null;
    if (world) {
      const org = firstOrg;
      const r: SearchResult = await ctx.search.run({ userId: analystId, orgId: org.id, orgName: org.name, orgUuid: org.uuid }, { values: world.sample }, () => undefined);
      sample = { id: r.id, values: world.sample.length, hits: Object.fromEntries(r.members.map((m) => [m.name, m.hits])), expected: world.expected(first) };
    }
    const statistics = await seedAgentStatistics({ hubUrl: url, members: agents, days: demoStatisticsDays(ctx.now()), ipInfo: await createIpInfo() });
    for (const m of statistics.members) log(`${m.name}: agent sent ${m.accepted} of ${m.batches} hourly batches (${m.lines} log lines)${m.firstError ? `; refused: ${m.firstError}` : ''}`);
    const report = await publishDemoReport(ctx, hubAdminId);
    log(`published report ${report.id}: ${url}${report.html}`);
    return { hub, url, key, members, users, world, sample, report, statistics, observations, caseId, isp, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Routes the seeded items' indicators (the observations outbox), sets the ISP's directive, composes and lists `member`'s tickets. */
async function ispTickets(ctx: HubContext, member: string): Promise<string[]> {
  while ((await ctx.observations.processNotifications()).more);
  await setIspDirective(ctx, member);
  await ctx.notifications.compose();
  const m = await ctx.store.getMember(member);
  if (!m) return [];
  const reports = await ctx.notifications.reports({ kind: 'member', memberId: m.id });
  return [...new Set(reports.flatMap((r): string[] => (r.ticket ? [r.ticket] : [])))].sort();
}
