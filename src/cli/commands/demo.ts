/**
 * `renkei demo`: a hub and member nodes in one process on embedded SQLite, seeded with a generated
 * world (or `--world DIR`), serving until interrupted. `--json` prints one line once ready.
 */
import type { Command } from 'commander';
import { startDemo } from '../../hub/demo/start-demo.ts';

interface Opts {
  world?: string;
  port?: string;
  host?: string;
  json?: boolean;
  ranges?: string;
}

/** Adds the `demo` verb. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('boot a hub and five member nodes with a generated world (or --world DIR) and keep serving')
    .option('--world <dir>', 'one subdirectory per member; every file in it is imported into that member’s node')
    .option('--port <n>', 'hub port (default 8443; 0 picks a free one)', '8443')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--ranges <dir>', 'hosting-provider range files for the VPS/Cloud tag')
    .option('--json', 'print one JSON line {hub,key,members,users,sample,caseId} once ready')
    .action(async (opts: Opts) => {
      const log = (l: string) => process.stderr.write(`renkei demo: ${l}\n`);
      const t0 = performance.now();
      const demo = await startDemo({
        ...(opts.world ? { worldDir: opts.world } : {}),
        port: Number(opts.port ?? 8443),
        host: opts.host ?? '127.0.0.1',
        // Browsers on plain-HTTP loopback keep Secure cookies, but other hosts need HTTPS in front.
        hub: { enrichment: { enabled: true, rangeDirs: opts.ranges ? [opts.ranges] : [] } },
        log,
      });
      const ms = Math.round(performance.now() - t0);
      if (opts.json) {
        process.stdout.write(
          JSON.stringify({ hub: demo.url, key: demo.key, members: demo.members, users: demo.users, sample: demo.sample, report: demo.report, observations: demo.observations, caseId: demo.caseId, isp: demo.isp, bootMs: ms }) + '\n',
        );
      } else {
        process.stdout.write(`Renkei demo ready in ${(ms / 1000).toFixed(1)} s\n`);
        process.stdout.write(`  hub:      ${demo.url}\n  API key:  ${demo.key}  (user "demo", ${demo.members[0]?.name})\n`);
        for (const m of demo.members) process.stdout.write(`  member:   ${m.name.padEnd(18)} ${String(m.indicators).padStart(7)} indicators  ${m.url}\n`);
        for (const u of demo.users) process.stdout.write(`  sign in:  ${u.login.padEnd(16)} ${u.password.padEnd(30)} ${u.role} (${u.org})\n`);
        if (demo.sample) {
          process.stdout.write(`  sample search of ${demo.sample.values} values, hits per member:\n`);
          for (const [name, n] of Object.entries(demo.sample.hits)) process.stdout.write(`    ${name.padEnd(18)} ${n}\n`);
        }
        process.stdout.write(`  report:   ${demo.report.title}  ${demo.url}${demo.report.html}  (PDF: ${demo.url}${demo.report.pdf})\n`);
        if (demo.observations) process.stdout.write(`  observations: ${demo.observations.observations.length} posts, 1 question, 1 incident room  ${demo.url}/#/observations\n`);
        if (demo.isp) process.stdout.write(`  ISP:      ${demo.isp.member} (registered space, ${demo.isp.tickets.length} notifications from the demo agents)  ${demo.url}/#/hosts\n`);
        process.stdout.write(`  incident case: ${demo.url}/#/cases/${demo.caseId} (sign in as ${demo.users.find((u) => u.role === 'member-admin')?.login ?? 'a member admin'})\n`);
        process.stdout.write(`Try: renkei search --hub ${demo.url} --key ${demo.key} 8.8.8.8\nPress Ctrl-C to stop.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          log('shutting down');
          demo.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
