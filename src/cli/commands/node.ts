/**
 * `renkei node`: serve an intel store (MISP-compatible API, federation endpoint, TAXII 2.1).
 * Settings come from RENKEI_* environment variables; flags override them.
 */
import type { Command } from 'commander';
import { createNode } from '../../node/create-node.ts';
import { loadNodeConfig } from '../../node/config.ts';

interface Opts {
  db?: string;
  host?: string;
  port?: string;
  tlsCert?: string;
  tlsKey?: string;
  warninglists?: string;
  logLevel?: string;
  nats?: string;
  natsCreds?: string;
  natsMember?: string;
}

/** Adds the `node` verb. */
export function register(program: Command): void {
  program
    .command('node')
    .description('serve an intel store: MISP-compatible REST API, federation endpoint, TAXII 2.1')
    .option('--db <path|url>', 'SQLite file or postgres:// URL ($RENKEI_DB, default renkei-node.sqlite)')
    .option('--host <addr>', 'address to listen on ($RENKEI_HOST, default 127.0.0.1)')
    .option('--port <n>', 'port ($RENKEI_PORT, default 8420; 0 picks a free one)')
    .option('--tls-cert <file>', 'PEM certificate for HTTPS ($RENKEI_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key for HTTPS ($RENKEI_TLS_KEY)')
    .option('--warninglists <dir>', 'directory of MISP warninglist JSON files ($RENKEI_WARNINGLISTS)')
    .option('--nats <url>', 'also serve federation over the hub\'s NATS, dialling out ($RENKEI_NATS_URL)')
    .option('--nats-creds <file>', 'NATS credentials file from `renkei hub nats-config` or a .creds file ($RENKEI_NATS_CREDS)')
    .option('--nats-member <token>', 'member token of the subjects served (default: the credentials\' user) ($RENKEI_NATS_MEMBER)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent ($RENKEI_LOG_LEVEL, default info)')
    .action(async (opts: Opts) => {
      const config = loadNodeConfig(process.env, {
        db: opts.db, host: opts.host, port: opts.port, tlsCert: opts.tlsCert, tlsKey: opts.tlsKey,
        warninglistsDir: opts.warninglists, logLevel: opts.logLevel as never,
        natsUrl: opts.nats, natsCreds: opts.natsCreds, natsMember: opts.natsMember,
      });
      const node = await createNode(config);
      const url = await node.listen();
      process.stderr.write(`renkei node: listening on ${url} (store ${config.db})\n`);
      const nats = node.nats();
      if (nats) process.stderr.write(`renkei node: serving renkei.v1.node.${nats.member}.> over NATS ${config.natsUrl}\n`);
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          process.stderr.write(`renkei node: ${sig}, shutting down\n`);
          node.close().then(resolve, (e: unknown) => {
            process.stderr.write(`renkei node: shutdown error: ${(e as Error).message}\n`);
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
