/**
 * `renkei export --format misp|feed|stix|csv|text [--db …] [--org NAME] [--tlp LEVEL] OUT`: writes what the
 * organisation may see, at most the given TLP. OUT is a file (`-` for stdout) or, for a feed, a directory.
 */
import type { Command } from 'commander';
import { RenkeiError } from '../../core/errors.ts';
import { TLP_LEVELS, type Tlp } from '../../core/sharing/tlp.ts';
import { runExport, type ExportFormat } from '../../exporters/run-export.ts';
import { openStore } from '../../storage/open-store.ts';
import { EXIT } from '../run-cli.ts';
import { defaultOrgName } from './import.ts';

interface Opts {
  format: string;
  db?: string;
  org?: string;
  tlp?: string;
  json?: boolean;
  stixSchemas?: string;
}

const FORMATS: ExportFormat[] = ['misp', 'feed', 'stix', 'csv', 'text'];

async function action(out: string, opts: Opts): Promise<void> {
  if (!FORMATS.includes(opts.format as ExportFormat)) throw new RenkeiError('bad_request', `--format must be one of ${FORMATS.join(', ')}`);
  let maxTlp: Tlp | undefined;
  if (opts.tlp !== undefined) {
    const t = opts.tlp.toLowerCase().replace(/^tlp:/, '');
    maxTlp = (t === 'white' ? 'clear' : t) as Tlp;
    if (!TLP_LEVELS.includes(maxTlp)) throw new RenkeiError('bad_request', `--tlp must be one of ${TLP_LEVELS.join(', ')}`);
  }
  const opened = await openStore(opts.db ?? process.env.RENKEI_DB ?? 'renkei-node.sqlite');
  try {
    const name = await defaultOrgName(opened.store, opts.org);
    const org = await opened.store.getOrg(name);
    if (!org) throw new RenkeiError('not_found', `no organisation ${JSON.stringify(name)} in this store`);
    const viewer = { orgId: org.id, sharingGroupIds: await opened.store.sharingGroupIdsForOrg(org.id) };
    const summary = await runExport(opened.store, {
      format: opts.format as ExportFormat, out, viewer, ...(maxTlp ? { maxTlp } : {}), ...(opts.stixSchemas ? { stixSchemas: opts.stixSchemas } : {}),
    });
    const msg = opts.json
      ? JSON.stringify(summary, null, 2)
      : `exported ${summary.events} events, ${summary.attributes} attributes to ${out}${summary.objects !== undefined ? ` (${summary.objects} STIX objects, ${summary.invalid?.length ?? 0} validation problems)` : ''}`;
    (out === '-' ? process.stderr : process.stdout).write(msg + '\n');
    for (const p of (opts.json ? [] : summary.invalid) ?? []) process.stderr.write(`invalid STIX object ${p.id ?? p.index}: ${p.message}\n`);
    process.exitCode = summary.invalid?.length ? EXIT.partial : EXIT.ok;
  } finally {
    await opened.close();
  }
}

/** Adds the `export` verb. */
export function register(program: Command): void {
  program
    .command('export')
    .description('export the store as MISP JSON, a MISP feed, STIX 2.1, MISP CSV or a text list')
    .argument('<out>', 'output file (- for stdout), or a directory for --format feed')
    .requiredOption('--format <format>', 'misp|feed|stix|csv|text')
    .option('--db <path|url>', 'SQLite file or postgres:// URL ($RENKEI_DB, default renkei-node.sqlite)')
    .option('--org <name>', 'export what this organisation may see ($RENKEI_ORG, default: the store\'s first organisation)')
    .option('--tlp <level>', 'leave out anything more restrictive than clear|green|amber|amber+strict|red')
    .option('--stix-schemas <dir>', 'validate STIX output against the OASIS JSON schemas in this directory')
    .option('--json', 'print the summary as JSON')
    .action(action);
}
