/**
 * `renkei search VALUE... | --file F [--db …] [--json]`: search the local store (every match kind on by
 * default; `--no-cidr` etc. turn them off) with warninglist flags; `--hub URL` searches across the hub instead.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { MATCH_KINDS, type MatchKind } from '../../contracts/match-kinds.ts';
import { RenkeiError } from '../../core/errors.ts';
import { loadWarninglists } from '../../services/load-warninglists.ts';
import { searchLocal } from '../../services/search-local.ts';
import type { ValueSearchResult } from '../../services/search-values.ts';
import { isPostgresUrl, openStore } from '../../storage/open-store.ts';
import { EXIT } from '../run-cli.ts';

export interface SearchCliOptions {
  file?: string;
  db?: string;
  json?: boolean;
  hub?: string;
  key?: string;
  csv?: boolean;
  members?: string[];
  org?: string;
  warninglists?: string;
  cidr: boolean;
  subdomain: boolean;
  urlHost: boolean;
  composite: boolean;
  [key: string]: unknown;
}

/** Values from a file: one per line; blank lines and `#` comments skipped. */
export function parseValueLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function enabledKinds(o: Pick<SearchCliOptions, 'cidr' | 'subdomain' | 'urlHost' | 'composite'>): MatchKind[] {
  const off = new Set<MatchKind>();
  if (o.cidr === false) off.add('cidr');
  if (o.subdomain === false) off.add('subdomain');
  if (o.urlHost === false) off.add('url-host');
  if (o.composite === false) off.add('composite');
  return MATCH_KINDS.filter((k) => !off.has(k));
}

/** The JSON shape: one object per input. */
export function toJsonResults(results: ValueSearchResult[]): object[] {
  return results.map((r) => ({
    input: r.input,
    ...(r.error ? { error: r.error } : { type: r.type, value: r.value }),
    warninglists: r.warninglists,
    hits: r.hits.map((h) => ({
      match: h.match,
      attribute: {
        uuid: h.attribute.uuid, type: h.attribute.type, category: h.attribute.category, value: h.attribute.value,
        toIds: h.attribute.toIds, comment: h.attribute.comment, firstSeen: h.attribute.firstSeen, lastSeen: h.attribute.lastSeen,
        timestamp: h.attribute.timestamp, tags: h.attribute.tags.map((t) => t.name),
      },
      event: { uuid: h.event.uuid, info: h.event.info, date: h.event.date, threatLevel: h.event.threatLevel, tlp: h.event.tlp, tags: h.event.tags.map((t) => t.name) },
    })),
  }));
}

/** Human-readable: one block per input, one line per hit. */
export function formatResults(results: ValueSearchResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.error) {
      out.push(`${r.input}: error: ${r.error}`);
      continue;
    }
    const wl = r.warninglists.length ? `  [warninglist: ${r.warninglists.join('; ')}]` : '';
    out.push(`${r.value} (${r.type}): ${r.hits.length === 0 ? 'no hits' : r.hits.length === 1 ? '1 hit' : `${r.hits.length} hits`}${wl}`);
    for (const h of r.hits) {
      const a = h.attribute;
      const tags = [...h.event.tags, ...a.tags].map((t) => t.name);
      const seen = a.firstSeen || a.lastSeen ? `  seen ${a.firstSeen ?? '?'} .. ${a.lastSeen ?? '?'}` : '';
      out.push(`  ${h.match.padEnd(9)} ${a.type} ${a.value}  event ${h.event.date} "${h.event.info}" (${h.event.uuid})${tags.length ? `  tags ${tags.join(', ')}` : ''}${seen}`);
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

async function gatherInputs(values: string[], opts: SearchCliOptions): Promise<string[]> {
  const inputs = [...values];
  if (opts.file) {
    let text: string;
    try {
      text = await readFile(opts.file, 'utf8');
    } catch (e) {
      throw new RenkeiError('bad_request', `cannot read ${opts.file}: ${(e as Error).message}`);
    }
    inputs.push(...parseValueLines(text));
  }
  if (inputs.length === 0 && !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    inputs.push(...parseValueLines(Buffer.concat(chunks).toString('utf8')));
  }
  return inputs;
}

/** Runs a local search and prints it; returns the exit code. */
export async function runLocalSearch(values: string[], opts: SearchCliOptions): Promise<number> {
  const inputs = await gatherInputs(values, opts);
  if (inputs.length === 0) {
    process.stderr.write('renkei search: give at least one VALUE, --file F, or values on stdin\n');
    return EXIT.usage;
  }
  const db = opts.db ?? process.env.RENKEI_DB ?? 'renkei-node.sqlite';
  if (!isPostgresUrl(db) && !existsSync(db)) throw new RenkeiError('not_found', `no store at ${db} (use --db FILE or a postgres:// URL)`);
  let warninglists;
  if (opts.warninglists) {
    const loaded = await loadWarninglists(opts.warninglists);
    for (const e of loaded.errors) process.stderr.write(`renkei search: warninglist ${e.file} skipped: ${e.reason}\n`);
    warninglists = loaded.set;
  }
  const opened = await openStore(db);
  try {
    const results = await searchLocal(opened.store, inputs, { kinds: enabledKinds(opts), warninglists, ...(opts.org ? { org: opts.org } : {}) });
    process.stdout.write(opts.json ? JSON.stringify(toJsonResults(results), null, 2) + '\n' : formatResults(results));
    return results.some((r) => r.error) ? EXIT.partial : EXIT.ok;
  } finally {
    await opened.close();
  }
}

/** Adds the `search` verb. */
export function register(program: Command): void {
  program
    .command('search')
    .description('search indicator values in the local store (or across the hub with --hub)')
    .argument('[values...]', 'values to search (defanged forms accepted)')
    .option('--file <file>', 'read values from a file, one per line')
    .option('--db <path|url>', 'SQLite file or postgres:// URL ($RENKEI_DB, default renkei-node.sqlite)')
    .option('--json', 'print a JSON array, one object per input')
    .option('--org <name>', 'only what this organisation may see (default: everything the node holds)')
    .option('--warninglists <dir>', 'flag values on MISP warninglists in this directory')
    .option('--no-cidr', 'do not match IPs inside stored CIDRs or stored IPs inside searched CIDRs')
    .option('--no-subdomain', 'do not match hosts under stored domains')
    .option('--no-url-host', 'do not match domains or IPs that are the host of stored URLs')
    .option('--no-composite', 'do not match halves of stored composite values (ip|port, filename|hash)')
    .option('--hub <url>', 'search across the hub instead of the local store')
    .option('--key <key>', 'hub API key with --hub ($RENKEI_HUB_KEY)')
    .option('--csv', 'with --hub: print one CSV row per value and hit')
    .option('--members <names...>', 'with --hub: only these members')
    .option('--blind', 'with --hub: blind search (values never leave this machine; only hits are revealed, to their owners)')
    .option('--history-key <file>', 'with --blind: key file for the encrypted history copy (created if missing)')
    .action(async (values: string[], opts: SearchCliOptions) => {
      if (opts.hub) {
        // Loaded lazily: the hub client is not needed for local searches.
        const { runHubSearch } = await import('./search-hub.ts');
        await runHubSearch(values, { ...opts, hub: opts.hub });
        return;
      }
      process.exitCode = await runLocalSearch(values, opts);
    });
}
