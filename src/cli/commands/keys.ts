/**
 * `renkei keys create|list|revoke`: node API keys. A new key is printed once (40 alphanumeric characters,
 * as MISP keys); only its SHA-256 is stored.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { NODE_ROLES, type KeyService } from '../../node/keys/key-service.ts';
import type { NodeRole } from '../../node/principal.ts';
import { loadNodeConfig } from '../../node/config.ts';
import { createNodeContext } from '../../node/create-node-context.ts';

interface DbOpts {
  db?: string;
  json?: boolean;
}

function parseRole(r: string): NodeRole {
  if (!(NODE_ROLES as readonly string[]).includes(r)) throw new InvalidArgumentError(`one of ${NODE_ROLES.join(', ')}`);
  return r as NodeRole;
}

function parseId(s: string): number {
  if (!/^\d{1,15}$/.test(s)) throw new InvalidArgumentError('a key id (see `renkei keys list`)');
  return Number(s);
}

/** Builds the node's context (no server), runs `fn` with its key service, closes. */
async function withKeys<T>(opts: DbOpts, fn: (keys: KeyService) => Promise<T>): Promise<T> {
  const ctx = await createNodeContext(loadNodeConfig(process.env, { db: opts.db, logLevel: 'silent' }));
  try {
    return await fn(ctx.keys);
  } finally {
    await ctx.close();
  }
}

const fmtTime = (t: number | null) => (t === null ? '-' : new Date(t * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));

/** Adds the `keys` verb. */
export function register(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke node API keys');
  const dbOpt = ['--db <path|url>', 'node database: SQLite file or postgres:// URL (default: $RENKEI_DB or renkei-node.sqlite)'] as const;
  keys
    .command('create')
    .description('create a key for an organisation (printed once; stored hashed)')
    .requiredOption('--org <name>', 'organisation the key acts for (created if new)')
    .requiredOption('--role <role>', `one of ${NODE_ROLES.join(', ')}`, parseRole)
    .option('--comment <text>', 'note shown in listings')
    .option(...dbOpt)
    .option('--json', 'print {id, key, org, role} as JSON')
    .action(async (opts: DbOpts & { org: string; role: NodeRole; comment?: string }) => {
      const { key, info } = await withKeys(opts, (k) => k.create({ org: opts.org, role: opts.role, ...(opts.comment ? { comment: opts.comment } : {}) }));
      if (opts.json) process.stdout.write(JSON.stringify({ id: info.id, key, org: info.orgName, role: info.role }) + '\n');
      else {
        process.stdout.write(`${key}\n`);
        process.stderr.write(`key ${info.id} for ${info.orgName} (${info.role}); it is shown only now — store it safely\n`);
      }
    });
  keys
    .command('list')
    .description('list keys (never the keys themselves)')
    .option(...dbOpt)
    .option('--json', 'print a JSON array')
    .action(async (opts: DbOpts) => {
      const list = await withKeys(opts, (k) => k.list());
      if (opts.json) {
        process.stdout.write(JSON.stringify(list) + '\n');
        return;
      }
      const rows = [['id', 'org', 'role', 'key', 'created', 'revoked', 'comment'], ...list.map((k) => [String(k.id), k.orgName, k.role, `…${k.last4}`, fmtTime(k.createdAt), fmtTime(k.revokedAt), k.comment])];
      const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()).join('\n') + '\n');
    });
  keys
    .command('revoke')
    .description('revoke a key by id (takes effect on running nodes within seconds)')
    .argument('<id>', 'key id from `renkei keys list`', parseId)
    .option(...dbOpt)
    .action(async (id: number, opts: DbOpts) => {
      await withKeys(opts, (k) => k.revoke(id));
      process.stderr.write(`key ${id} revoked\n`);
    });
}
