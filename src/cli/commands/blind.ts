/**
 * `renkei blind pin-hub|require|refresh`: a node admin's blind-search settings. `pin-hub` is enrolment:
 * it pins the hub's assertion key for the hub's `search` key, so that the key alone identifies only the hub.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createNodeBlind } from '../../node/blind/node-blind.ts';
import { loadNodeConfig } from '../../node/config.ts';
import { NO_WARNINGLISTS } from '../../node/misp/warninglist-check.ts';
import { RenkeiError } from '../../core/errors.ts';
import { openNodeStorage } from '../../storage/open-node-storage.ts';
import type { NodeBlind } from '../../node/blind/node-blind.ts';

interface DbOpts {
  db?: string;
}

async function withBlind<T>(opts: DbOpts, fn: (b: NodeBlind, keyIds: Set<number>) => Promise<T>): Promise<T> {
  const db = opts.db ?? process.env.RENKEI_DB ?? 'renkei-node.sqlite';
  const storage = await openNodeStorage(db);
  try {
    const { meta } = storage;
    const keys = new Set((await meta.listKeys()).filter((k) => k.role === 'search' && k.revokedAt === null).map((k) => k.id));
    return await fn(createNodeBlind(storage.blind, { store: storage.intel, meta, warninglists: () => NO_WARNINGLISTS, config: loadNodeConfig(process.env, { db }) }), keys);
  } finally {
    await storage.close();
  }
}

const parseId = (s: string): number => {
  if (!/^\d{1,15}$/.test(s)) throw new InvalidArgumentError('a key id (see `renkei keys list`)');
  return Number(s);
};

export function register(program: Command): void {
  const blind = program.command('blind').description('blind search and signed searcher assertions at this node');
  const dbOpt = ['--db <path|url>', 'node database (default: $RENKEI_DB or renkei-node.sqlite)'] as const;
  blind
    .command('pin-hub')
    .description("pin the hub's assertion key for the hub's search key (enrolment)")
    .requiredOption('--key-id <id>', 'id of the search key the hub uses', parseId)
    .option('--hub-key <base64url>', "the hub's Ed25519 public key")
    .option('--hub <url>', 'fetch the key from the hub instead (check the printed key out of band)')
    .option(...dbOpt)
    .action(async (opts: DbOpts & { keyId: number; hubKey?: string; hub?: string }) => {
      let pk = opts.hubKey;
      if (!pk && opts.hub) {
        const r = await fetch(`${opts.hub.replace(/\/+$/, '')}/api/v1/federation/hub-key`);
        pk = ((await r.json()) as { publicKey?: string }).publicKey;
      }
      if (!pk) throw new RenkeiError('bad_request', 'give --hub-key or --hub');
      await withBlind(opts, async (b, keys) => {
        if (!keys.has(opts.keyId)) throw new RenkeiError('not_found', `no active search key with id ${opts.keyId}`);
        await b.pinHub(opts.keyId, pk!);
      });
      process.stdout.write(`pinned hub key ${pk} for search key ${opts.keyId}\n`);
    });
  blind
    .command('require')
    .description('refuse (on) or allow (off) plain-text federated search from the hub')
    .argument('<on|off>', 'on or off', (v) => {
      if (v !== 'on' && v !== 'off') throw new InvalidArgumentError('on or off');
      return v;
    })
    .option(...dbOpt)
    .action(async (v: string, opts: DbOpts) => {
      await withBlind(opts, (b) => b.setRequireBlind(v === 'on'));
      process.stdout.write(`require blind: ${v}\n`);
    });
  blind
    .command('refresh')
    .description("build or update this epoch's token sets now")
    .option(...dbOpt)
    .action(async (opts: DbOpts) => {
      const r = await withBlind(opts, (b) => b.refresh());
      process.stdout.write(`epoch ${r.epoch}: ${r.audiences} audiences, ${r.evaluated} new evaluations, ${r.rowsAdded} rows added, ${r.rowsRemoved} removed\n`);
    });
}
