/**
 * `renkei import PATH... [--format auto|misp|feed|stix|csv|text] [--org NAME] [--db PATH|URL] [--json]`:
 * streams MISP events, feeds, STIX bundles, CSV and text lists into the store in transactional batches
 * and prints a summary. Exit 0 all imported, 1 some records rejected, 2 usage error or nothing read.
 */
import type { Command } from 'commander';
import { isRenkeiError, RenkeiError } from '../../core/errors.ts';
import type { Distribution, Tag } from '../../core/model/event.ts';
import { importExitCode, runImport, type ImportSummary } from '../../importers/run-import.ts';
import type { ColumnMapping, ImportFormat, WarninglistCheck } from '../../importers/types.ts';
import { EXIT } from '../run-cli.ts';
import { openStore } from '../../storage/open-store.ts';
import type { IntelStore } from '../../storage/port.ts';

interface Opts {
  format: string;
  org?: string;
  db?: string;
  json?: boolean;
  columns?: string;
  tag?: string[];
  distribution?: string;
  warninglists?: string;
  skipWarninglisted?: boolean;
  progress?: boolean;
}

const FORMATS = ['auto', 'misp', 'feed', 'stix', 'csv', 'text'];

/** Parses `value=ioc_value,type=ioc_type,comment=3`. */
export function parseColumns(spec: string): ColumnMapping {
  const out: ColumnMapping = {};
  for (const part of spec.split(',')) {
    const m = /^\s*(value|type|comment|port|category)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new RenkeiError('bad_request', `--columns: expected KEY=COLUMN with KEY value|type|comment|port|category, got "${part}"`);
    out[m[1] as keyof ColumnMapping] = m[2]!;
  }
  return out;
}

/** The organisation imports and exports act for: --org, $RENKEI_ORG, the store's first org, or "local". */
export async function defaultOrgName(store: IntelStore, org?: string): Promise<string> {
  if (org) return org;
  if (process.env.RENKEI_ORG) return process.env.RENKEI_ORG;
  const orgs = await store.listOrgs();
  return orgs[0]?.name ?? 'local';
}

function formatSummary(s: ImportSummary): string {
  const lines = [
    `files ${s.files}${s.unreadable ? ` (${s.unreadable} unreadable)` : ''}; events created ${s.events.created}, updated ${s.events.updated}, unchanged ${s.events.unchanged}`,
    `attributes imported ${s.imported}, updated ${s.updated}, duplicates ${s.duplicates} (unchanged ${s.unchanged}, repeated ${s.repeated}), rejected ${s.rejected}, skipped ${s.skipped}${s.warninglisted ? `, warninglisted ${s.warninglisted}` : ''}${s.noted ? `, notes ${s.noted}` : ''}`,
  ];
  for (const r of s.rejections) {
    const where = r.line !== undefined ? `:${r.line}` : r.record !== undefined ? ` [${r.record}]` : '';
    lines.push(`rejected ${r.file}${where}: ${r.reason}${r.value !== undefined ? ` (${JSON.stringify(r.value)})` : ''}`);
  }
  if (s.truncated) lines.push('(list truncated; counts are complete)');
  return lines.join('\n') + '\n';
}

async function progressBar(enabled: boolean): Promise<{ update(p: { events: number; attributes: number; rejected: number }): void; stop(): void }> {
  if (!enabled) return { update() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: 'importing {events} events, {value} attributes, {rejected} rejected', stream: process.stderr, hideCursor: true, fps: 5 },
    Presets.shades_classic,
  );
  bar.start(0, 0, { events: 0, rejected: 0 });
  return {
    update: (p) => bar.update(p.attributes, { events: p.events, rejected: p.rejected }),
    stop: () => bar.stop(),
  };
}

async function action(paths: string[], opts: Opts): Promise<void> {
  if (!FORMATS.includes(opts.format)) throw new RenkeiError('bad_request', `--format must be one of ${FORMATS.join(', ')}`);
  const columns = opts.columns ? parseColumns(opts.columns) : undefined;
  const tags: Tag[] = (opts.tag ?? []).map((name) => ({ name }));
  let distribution: Distribution | undefined;
  if (opts.distribution !== undefined) {
    const d = Number(opts.distribution);
    if (!Number.isInteger(d) || d < 0 || d > 3) throw new RenkeiError('bad_request', '--distribution must be 0, 1, 2 or 3');
    distribution = d as Distribution;
  }
  if (opts.skipWarninglisted && !opts.warninglists) throw new RenkeiError('bad_request', '--skip-warninglisted needs --warninglists DIR');
  let warninglist: WarninglistCheck | undefined;
  if (opts.warninglists && opts.skipWarninglisted) {
    const { loadWarninglists } = await import('../../services/load-warninglists.ts');
    const loaded = await loadWarninglists(opts.warninglists);
    for (const e of loaded.errors) process.stderr.write(`renkei import: warninglist ${e.file} skipped: ${e.reason}\n`);
    warninglist = (type, value) => loaded.set.check(type, value);
  }
  const opened = await openStore(opts.db ?? process.env.RENKEI_DB ?? 'renkei-node.sqlite');
  const bar = await progressBar(opts.progress !== false && !opts.json && process.stderr.isTTY === true);
  try {
    const org = await defaultOrgName(opened.store, opts.org);
    const summary = await runImport(opened.store, paths, {
      org: { name: org }, format: opts.format as ImportFormat | 'auto', tags,
      ...(columns ? { columns } : {}), ...(distribution !== undefined ? { distribution } : {}), ...(warninglist ? { warninglist } : {}),
      onProgress: (p) => bar.update(p),
    });
    bar.stop();
    process.stdout.write(opts.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary));
    const code = importExitCode(summary);
    process.exitCode = code === 0 ? EXIT.ok : code === 1 ? EXIT.partial : EXIT.usage;
  } finally {
    bar.stop();
    await opened.close();
  }
}

/** Adds the `import` verb. */
export function register(program: Command): void {
  program
    .command('import')
    .description('import MISP events, MISP feeds, STIX 2.1 bundles, CSV and text lists into the local store')
    .argument('<paths...>', 'files or directories (a directory with manifest.json is a MISP feed)')
    .option('--format <format>', 'auto|misp|feed|stix|csv|text', 'auto')
    .option('--org <name>', 'organisation that owns the imported data ($RENKEI_ORG, default: the store\'s first organisation)')
    .option('--db <path|url>', 'SQLite file or postgres:// URL ($RENKEI_DB, default renkei-node.sqlite)')
    .option('--json', 'print the summary as JSON')
    .option('--columns <map>', 'CSV column mapping, e.g. value=ioc_value,type=ioc_type,comment=3 (names or 1-based numbers)')
    .option('--tag <name...>', 'tag list imports (text, CSV) with these tags, e.g. tlp:green')
    .option('--distribution <n>', 'MISP distribution for list imports and events that name none (0-3, default 1)')
    .option('--warninglists <dir>', 'directory of MISP warninglist JSON files')
    .option('--skip-warninglisted', 'skip (and count) values that are on a warninglist')
    .option('--no-progress', 'no progress bar')
    .action(async (paths: string[], opts: Opts) => {
      try {
        await action(paths, opts);
      } catch (e) {
        // With --json every exit code 2 carries its reason on stdout, usage errors included.
        if (!opts.json || !isRenkeiError(e)) throw e;
        process.stdout.write(JSON.stringify({ error: { code: e.code, reason: e.message } }, null, 2) + '\n');
        process.exitCode = EXIT.usage;
      }
    });
}
