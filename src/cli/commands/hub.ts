/**
 * `renkei hub`: serve the hub (default), or manage it directly on its database:
 * `renkei hub members add|list|remove`, `renkei hub users add|list`, `renkei hub keys create`.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { RenkeiError } from '../../core/errors.ts';
import { HubRole } from '../../contracts/hub-api.ts';
import { createHub } from '../../hub/create-hub.ts';
import { createHubContext } from '../../hub/create-hub-context.ts';
import type { HubContext } from '../../hub/context.ts';
import { hubConfigFromEnv, type HubConfigInput } from '../../hub/config.ts';
import { writeNatsConfig } from '../../hub/nats/write-nats-config.ts';

interface ServeOpts {
  db?: string;
  host?: string;
  port?: string;
  ranges?: string[];
  web?: string;
  deadline?: string;
  insecureCookies?: boolean;
}

const dbOption = ['--db <path|url>', 'SQLite file or postgres:// URL ($RENKEI_HUB_DB, default renkei-hub.db)'] as const;

/** Audits a change made at the hub's console (no signed-in user: the actor is the console). */
async function consoleAudit(h: { ctx: HubContext }, action: string, detail: string): Promise<void> {
  await h.ctx.store.audit({ at: h.ctx.now(), actorUserId: null, actorOrg: '(hub console)', action, count: 1, detail });
}

/** The hub's context for management commands: stores and services, no server, no enrichment data loaded. */
async function withHub<T>(db: string | undefined, fn: (hub: { ctx: HubContext }) => Promise<T>): Promise<T> {
  // The operator at the hub's console may see why a private source failed its check.
  const ctx = await createHubContext(hubConfigFromEnv(process.env, { ...(db ? { db } : {}), enrichment: { enabled: false, rangeDirs: [] }, webDir: null, allowPrivateSources: true }));
  try {
    return await fn({ ctx });
  } finally {
    await ctx.close();
  }
}

/** Adds the `hub` verb. */
export function register(program: Command): void {
  const hub = program.command('hub').description('serve the hub or manage its members, users and keys');

  hub
    .command('serve', { isDefault: true })
    .description('serve the hub HTTP API and web UI')
    .option(...dbOption)
    .option('--host <addr>', 'address to listen on ($RENKEI_HUB_HOST, default 127.0.0.1)')
    .option('--port <n>', 'port ($RENKEI_HUB_PORT, default 8443)')
    .option('--ranges <dir...>', 'hosting-provider range files (AWS ip-ranges.json, GCP cloud.json, warninglists…)')
    .option('--web <dir>', 'built web UI directory (default dist/web)')
    .option('--deadline <ms>', 'per-source search deadline in ms (default 10000)')
    .option('--insecure-cookies', 'drop the Secure cookie attribute (only behind plain HTTP on non-loopback hosts)')
    .action(async (opts: ServeOpts) => {
      const overrides: HubConfigInput = {
        ...(opts.db ? { db: opts.db } : {}),
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.port !== undefined ? { port: Number(opts.port) } : {}),
        ...(opts.web ? { webDir: opts.web } : {}),
        ...(opts.deadline ? { search: { deadlineMs: Number(opts.deadline) } as never } : {}),
        ...(opts.ranges ? { enrichment: { enabled: true, rangeDirs: opts.ranges } } : {}),
        ...(opts.insecureCookies ? { auth: { cookieSecure: false } as never } : {}),
      };
      const h = await createHub(hubConfigFromEnv(process.env, overrides));
      const url = await h.listen();
      process.stderr.write(`renkei hub: listening on ${url} (db ${h.ctx.config.db})\n`);
      if ((await h.ctx.store.listUsers()).length === 0) {
        process.stderr.write('renkei hub: no users yet; create one with: renkei hub users add admin --org "Hub" --role hub-admin\n');
      }
      // SIGTERM drains: new requests get 503, running searches finish (RENKEI_HUB_DRAIN_MS), then exit 0.
      const failed = await new Promise<boolean>((resolve) => {
        const stop = () => void h.close().then(() => resolve(false), (e: unknown) => (process.stderr.write(`renkei hub: ${(e as Error).message}\n`), resolve(true)));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write('renkei hub: stopped\n');
      process.exit(failed ? 1 : 0);
    });

  hub
    .command('nats-config')
    .description('write a nats-server config isolating members (one user each, own subjects only) and the credentials files')
    .option(...dbOption)
    .requiredOption('--out <dir>', 'directory for nats-server.conf, hub.creds and members/<token>.creds')
    .option('--listen <host:port>', 'address the NATS server listens on', '127.0.0.1:4222')
    .option('--jetstream-dir <dir>', 'enable JetStream with this store directory (and write agents/<token>.creds for statistics)')
    .action(async (o: { db?: string; out: string; listen: string; jetstreamDir?: string }) => {
      await withHub(o.db, async (h) => {
        // The stats stream and subject the permissions name are the hub's own (RENKEI_HUB_NATS_STATS_*).
        const { statsStream, statsSubject } = h.ctx.config.nats;
        const r = await writeNatsConfig(h.ctx.store, { dir: o.out, listen: o.listen, statsStream, statsSubject, ...(o.jetstreamDir ? { jetstreamDir: o.jetstreamDir } : {}) });
        await consoleAudit(h, 'nats-config', `${r.members.length} NATS members`);
        process.stdout.write(`${r.configFile}\n  start: nats-server -c ${r.configFile}\n  hub: RENKEI_HUB_NATS_CREDS=${r.hubCreds}\n`);
        for (const m of r.members) process.stdout.write(`  member ${m.member}: renkei node --nats nats://${o.listen} --nats-creds ${m.creds}\n`);
        for (const a of r.agents) process.stdout.write(`  agents of ${a.member} (statistics over JetStream): ${a.creds}\n`);
      });
    });

  const members = hub.command('members').description('manage member organisations and their sources');
  members
    .command('add <name>')
    .description('add a member; with --url and --key also its first source (checked before it is stored)')
    .option(...dbOption)
    .option('--kind <renkei|misp>', 'source kind', 'renkei')
    .option('--url <url>', 'source URL (Renkei node or MISP server)')
    .option('--key <key>', 'source API key (a node search key, or a MISP auth key)')
    .option('--no-verify-tls', 'do not verify the source’s TLS certificate')
    .option('--ca-file <file>', 'CA certificate file for the source')
    .option('--no-check', 'store the source without checking it')
    .action(async (name: string, o: { db?: string; kind: string; url?: string; key?: string; verifyTls: boolean; caFile?: string; check: boolean }) => {
      if ((o.url || o.key) && (!o.url || !o.key)) throw new RenkeiError('bad_request', '--url and --key go together');
      if (o.url && o.kind !== 'renkei' && o.kind !== 'misp') throw new RenkeiError('bad_request', '--kind is renkei or misp');
      await withHub(o.db, async (h) => {
        // Member and source go in together: a failed source check leaves no member behind.
        const source = o.url && o.key ? { input: { kind: o.kind as 'renkei' | 'misp', url: o.url, apiKey: o.key, verifyTls: o.verifyTls, ...(o.caFile ? { caFile: o.caFile } : {}) }, skipCheck: !o.check } : undefined;
        const m = await h.ctx.members.add(name, undefined, source);
        await consoleAudit(h, 'member-add', m.name);
        for (const s of m.sources) await consoleAudit(h, 'source-add', `source ${s.id}: member ${m.id} ${s.kind} ${s.url}`);
        process.stdout.write(`member ${m.id} ${m.name} (org ${m.orgUuid})\n`);
        for (const s of m.sources) process.stdout.write(`source ${s.id} ${s.kind} ${s.url} (${s.status})\n`);
      });
    });
  members
    .command('list')
    .option(...dbOption)
    .option('--json', 'print JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      await withHub(o.db, async (h) => {
        const list = await h.ctx.members.list();
        if (o.json) return void process.stdout.write(JSON.stringify({ members: list }) + '\n');
        for (const m of list) {
          process.stdout.write(`${m.id}\t${m.name}\n`);
          for (const s of m.sources) process.stdout.write(`\tsource ${s.id}\t${s.kind}\t${s.url}\t${s.status}${s.lastError ? ` (${s.lastError})` : ''}\n`);
        }
      });
    });
  members
    .command('remove <name>')
    .option(...dbOption)
    .action(async (name: string, o: { db?: string }) => {
      await withHub(o.db, async (h) => {
        const m = await h.ctx.store.getMember(name);
        if (!m) throw new RenkeiError('not_found', `no member ${name}`);
        await h.ctx.members.remove(m.id);
        await consoleAudit(h, 'member-remove', `member ${m.id} ${m.name}`);
        process.stdout.write(`removed member ${name}\n`);
      });
    });

  const users = hub.command('users').description('manage hub users');
  users
    .command('add <login>')
    .option(...dbOption)
    .requiredOption('--org <name>', 'organisation (created when missing)')
    .option('--role <role>', 'hub-admin | member-admin | analyst', 'analyst')
    .option('--password <pw>', 'password (generated and printed when absent)')
    .action(async (login: string, o: { db?: string; org: string; role: string; password?: string }) => {
      const role = HubRole.safeParse(o.role);
      if (!role.success) throw new RenkeiError('bad_request', '--role is hub-admin, member-admin or analyst');
      const password = o.password ?? randomBytes(12).toString('base64url');
      if (password.length < 10) throw new RenkeiError('bad_request', 'passwords have at least 10 characters');
      await withHub(o.db, async (h) => {
        const u = await h.ctx.auth.createUser({ login, password, orgName: o.org, role: role.data });
        await consoleAudit(h, 'user-add', `${u.login} (${u.role}) in ${u.orgName}`);
        process.stdout.write(`user ${u.id} ${u.login} (${u.role}, ${u.orgName})${o.password ? '' : ` password: ${password}`}\n`);
      });
    });
  users
    .command('list')
    .option(...dbOption)
    .action(async (o: { db?: string }) => {
      await withHub(o.db, async (h) => {
        for (const u of await h.ctx.store.listUsers()) process.stdout.write(`${u.id}\t${u.login}\t${u.role}\t${u.orgName}\n`);
      });
    });
  hub
    .command('keys')
    .description('API keys')
    .command('create <login>')
    .option(...dbOption)
    .option('--label <text>', 'what the key is for', 'cli')
    .action(async (login: string, o: { db?: string; label: string }) => {
      await withHub(o.db, async (h) => {
        const u = await h.ctx.store.getUser(login);
        if (!u) throw new RenkeiError('not_found', `no user ${login}`);
        const { key, info } = await h.ctx.auth.createKey(u.id, o.label);
        await consoleAudit(h, 'key-add', `${info.prefix} for ${u.login}`);
        process.stdout.write(`${key}\n`);
      });
    });
}
