/**
 * `renkei agent`: parse, anonymise and aggregate IDS/firewall logs; print what would be shared
 * (`aggregate`), ship it (`run`), pseudonymise raw logs for a partner (`anonymise`), make a key (`keygen`).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RenkeiError } from '../../core/errors.ts';
import { EXIT } from '../run-cli.ts';

interface CommonOpts {
  input: string[];
  format: string;
  csvMap?: string;
  k: string;
  ownNetworks?: string;
  ownNetworksFile?: string;
  member?: string;
  sensor?: string;
  allowedLateness: string;
  shareRuleNames?: string;
}

const FORMATS = ['auto', 'eve', 'fast', 'iptables', 'csv', 'mixed'];

function common(cmd: Command): Command {
  return cmd
    .requiredOption('--input <path...>', 'log file(s), directory, or - for stdin')
    .option('--format <format>', `log format: ${FORMATS.join(', ')} (auto detects per file)`, 'auto')
    .option('--csv-map <mapping>', 'CSV columns, e.g. ts=time,src=src_ip,dst=dst_ip,dport=port,sig=rule (names or 0-based indexes)')
    .option('--k <n>', 'withhold aggregates with fewer distinct sources than this', '3')
    .option('--own-networks <cidrs>', 'comma-separated CIDRs of the member’s own (customer) networks')
    .option('--own-networks-file <file>', 'file with one CIDR per line (# comments allowed)')
    .option('--member <name>', 'member name recorded in batches (the hub attributes by key)', 'member')
    .option('--sensor <id>', 'sensor id (default: a random id kept in the spool; never the host name)')
    .option('--share-rule-names <file>', 'rule ids (or ranges like 1000000-1000999) and exact names, one per line, whose text may be shared; other non-public rule names are sent as keyed hashes')
    .option('--allowed-lateness <minutes>', 'close an hour once events this many minutes past its end were seen; later lines count as late', '60');
}

async function resolveCommon(o: CommonOpts) {
  if (!FORMATS.includes(o.format)) throw new RenkeiError('config_invalid', `unknown --format ${o.format} (use ${FORMATS.join(', ')})`);
  const k = Number(o.k);
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new RenkeiError('config_invalid', '--k must be an integer 1..1000');
  const lateMin = Number(o.allowedLateness);
  if (!Number.isFinite(lateMin) || lateMin < 0 || lateMin > 7 * 24 * 60) throw new RenkeiError('config_invalid', '--allowed-lateness must be a number of minutes 0..10080');
  const nets = [
    ...(o.ownNetworks ?? '').split(','),
    ...(o.ownNetworksFile ? readFileSync(o.ownNetworksFile, 'utf8').split('\n').map((l) => l.replace(/#.*/, '')) : []),
  ].map((s) => s.trim()).filter(Boolean);
  const { parseCsvMapping } = await import('../../agent/parse/csv.ts');
  const { networkSet } = await import('../../agent/pipeline/networks.ts');
  const { parseAllowList } = await import('../../agent/pipeline/name-policy.ts');
  networkSet(nets); // validates early with a readable error
  const { createIpInfo } = await import('../../geo/ip-info.ts');
  return {
    format: o.format as 'auto',
    ...(o.csvMap ? { csvMapping: parseCsvMapping(o.csvMap) } : {}),
    k,
    allowedLatenessMs: Math.round(lateMin * 60_000),
    ownNetworks: nets,
    member: o.member ?? 'member',
    ...(o.sensor ? { sensorId: o.sensor } : {}),
    ...(o.shareRuleNames ? { ruleNameAllowList: parseAllowList(readFileSync(o.shareRuleNames, 'utf8')) } : {}),
    ipInfo: await createIpInfo(),
  };
}

function printSummary(s: import('../../agent/pipeline/summary.ts').ParseSummary, out: NodeJS.WritableStream): void {
  const rej = Object.entries(s.rejected).map(([r, n]) => `${r}=${n}`).join(', ') || 'none';
  const skip = Object.entries(s.skipped).map(([r, n]) => `${r}=${n}`).join(', ') || 'none';
  out.write(`lines read: ${s.linesRead}, parsed: ${s.parsed}, aggregated: ${s.aggregated}\n`);
  out.write(`rejected: ${rej}\nnot shared: ${skip}\nwithheld (fewer than k sources): ${s.withheldRows} rows, ${s.withheldEvents} events\nlate (hour already closed): ${s.late ?? 0} events\n`);
  for (const f of s.files) out.write(`file: ${f.path} (${f.format})\n`);
}

/** Adds the `agent` verb and its sub-commands. */
export function register(program: Command): void {
  const agent = program.command('agent').description('parse, anonymise and aggregate logs; ship aggregates');

  common(agent.command('aggregate').description('print the hourly aggregates that would be shared and a parse summary; sends nothing'))
    .option('--json', 'print {summary, batches} as JSON')
    .option('--rejects <file>', 'write a sample of rejected lines to this file')
    .action(async (o: CommonOpts & { json?: boolean; rejects?: string }) => {
      const c = await resolveCommon(o);
      const { aggregateOnce } = await import('../../agent/run/aggregate-once.ts');
      const { rejectsWriter } = await import('../../agent/run/rejects.ts');
      const { HyperLogLog } = await import('../../core/sketch/hyperloglog.ts');
      let first = true;
      // Hours are printed as they close, so memory stays flat however long the input is.
      const onBatch = (b: import('../../core/stats/aggregate-batch.ts').AggregateBatch): void => {
        if (o.json) {
          process.stdout.write(`${first ? '{"batches":[\n' : ',\n'}${JSON.stringify(b)}`);
          first = false;
          return;
        }
        process.stdout.write(`hour ${b.hour}  rows ${b.rows.length}  withheld ${b.withheld.rows} rows / ${b.withheld.events} events\n`);
        for (const row of [...b.rows].sort((x, y) => y.events - x.events)) {
          const src = HyperLogLog.deserialize(row.sources).estimate();
          const dst = HyperLogLog.deserialize(row.targets).estimate();
          process.stdout.write(`  ${String(row.events).padStart(8)} ev ${String(src).padStart(6)} src ${String(dst).padStart(6)} dst  ${row.kind} ${row.sid ?? '-'} ${row.port ?? '-'}/${row.proto ?? '-'} ${row.country ?? '--'} AS${row.asn ?? '-'}  ${row.signature ?? ''}\n`);
        }
      };
      const r = await aggregateOnce({ ...c, inputs: o.input, onBatch, ...(o.rejects ? { onReject: rejectsWriter(o.rejects) } : {}) });
      if (o.json) process.stdout.write(`${first ? '{"batches":[' : '\n'}],\n"summary":${JSON.stringify(r.summary)}}\n`);
      else printSummary(r.summary, process.stdout);
      const rejected = Object.values(r.summary.rejected).reduce((a, b) => a + b, 0);
      process.exitCode = r.summary.linesRead === 0 || r.summary.parsed === 0 ? EXIT.usage : rejected > 0 ? EXIT.partial : EXIT.ok;
    });

  common(agent.command('run').description('ship hourly aggregates to the hub (spooled, retried, crash-safe)'))
    .requiredOption('--hub <url>', 'hub base URL')
    .option('--key <key>', 'hub API key (or RENKEI_HUB_KEY)')
    .requiredOption('--spool <dir>', 'spool directory (state, queue, rejects sample, generated Crypto-PAn key)')
    .option('--key-file <file>', 'Crypto-PAn key file (64 hex characters); default: <spool>/cryptopan.key, created on first run')
    .option('--sketch-salt <salt>', 'hub-wide sketch salt (default: fetched from the hub)')
    .option('--follow', 'keep following growing files (rotation-safe) until stopped')
    .option('--poll-ms <n>', 'follow poll interval', '500')
    .option('--checkpoint-ms <n>', 'how often progress is committed to the spool', '1000')
    .option('--rejects <file>', 'where to keep a sample of rejected lines (default <spool>/rejects.log)')
    .option('--ship-evidence', 'opt-in: also ship per-address evidence for attack sources inside the hub’s registered address space, for the ISP owning them (never addresses outside it, never --own-networks)')
    .option('--evidence-source <name>', 'channel name the ISP sees for this agent’s evidence', 'agent')
    .option('--nats <url>', 'deliver aggregate batches over NATS JetStream (exactly once by batch id) instead of HTTP; the hub URL is still used for its settings')
    .option('--nats-creds <file>', 'with --nats: this member agent’s credentials (`renkei hub nats-config --jetstream-dir` writes agents/<token>.creds)')
    .option('--nats-subject <subject>', 'with --nats: the stats subject (default: the credentials file’s stats_subject, else renkei.v1.stats.ingest)')
    .action(async (o: CommonOpts & { hub: string; key?: string; spool: string; keyFile?: string; sketchSalt?: string; follow?: boolean; pollMs: string; checkpointMs: string; rejects?: string; shipEvidence?: boolean; evidenceSource: string; nats?: string; natsCreds?: string; natsSubject?: string }) => {
      const c = await resolveCommon(o);
      const key = o.key ?? process.env.RENKEI_HUB_KEY;
      if (!key) throw new RenkeiError('config_invalid', 'a hub API key is required (--key or RENKEI_HUB_KEY)');
      if (!/^[\w.:-]{1,80}$/.test(o.evidenceSource)) throw new RenkeiError('config_invalid', '--evidence-source must be 1–80 letters, digits, _ . : or -');
      const { runAgent } = await import('../../agent/run/agent-runner.ts');
      const ac = new AbortController();
      const stop = (): void => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const summary = await runAgent({
        ...c,
        inputs: o.input,
        hubUrl: o.hub,
        apiKey: key,
        spoolDir: o.spool,
        ...(o.keyFile ? { keyFile: o.keyFile } : {}),
        ...(o.sketchSalt ? { sketchSalt: o.sketchSalt } : {}),
        follow: Boolean(o.follow),
        pollMs: Number(o.pollMs),
        checkpointMs: Number(o.checkpointMs),
        ...(o.rejects ? { rejectsFile: o.rejects } : {}),
        shipEvidence: Boolean(o.shipEvidence),
        evidenceSource: o.evidenceSource,
        ...(o.nats ? { nats: { url: o.nats, credsFile: o.natsCreds ?? null, ...(o.natsSubject ? { subject: o.natsSubject } : {}) } } : {}),
        log: (m) => process.stderr.write(`renkei agent: ${m}\n`),
        signal: ac.signal,
      });
      printSummary(summary, process.stderr);
      process.exitCode = EXIT.ok;
    });

  agent
    .command('anonymise')
    .alias('anonymize')
    .description('write the same log lines with every IP address replaced by its Crypto-PAn pseudonym')
    .requiredOption('--key-file <file>', 'Crypto-PAn key file (64 hex characters = 32 bytes); never leaves the member')
    .requiredOption('--input <path...>', 'log file(s), directory, or - for stdin')
    .option('--format <format>', 'accepted for symmetry; every format is rewritten the same way', 'auto')
    .option('--drop-names', 'also remove host names, URLs, SNI, DNS names, payloads and interface names (JSON)')
    .option('--output <file>', 'write here instead of stdout')
    .action(async (o: { keyFile: string; input: string[]; format: string; dropNames?: boolean; output?: string }) => {
      if (!FORMATS.includes(o.format)) throw new RenkeiError('config_invalid', `unknown --format ${o.format}`);
      const { readKeyFile } = await import('../../agent/cryptopan/key-file.ts');
      const { CryptoPan } = await import('../../agent/cryptopan/cryptopan.ts');
      const { anonymiseFiles } = await import('../../agent/anonymise/anonymise-files.ts');
      const pan = new CryptoPan(readKeyFile(o.keyFile));
      const out = o.output ? createWriteStream(o.output) : process.stdout;
      const r = await anonymiseFiles(o.input, pan, out, Boolean(o.dropNames));
      if (o.output) await new Promise<void>((res, rej) => (out as import('node:fs').WriteStream).end((e?: Error | null) => (e ? rej(e) : res())));
      process.stderr.write(`renkei agent: ${r.lines} lines written${r.dropped ? `, ${r.dropped} over-long lines dropped` : ''}\n`);
      process.exitCode = r.dropped > 0 ? EXIT.partial : EXIT.ok;
    });

  agent
    .command('keygen')
    .description('create a new random Crypto-PAn key file (64 hex characters, mode 0600)')
    .requiredOption('--out <file>', 'key file to create (never overwritten)')
    .action(async (o: { out: string }) => {
      const { writeNewKeyFile } = await import('../../agent/cryptopan/key-file.ts');
      try {
        writeNewKeyFile(o.out);
      } catch (e) {
        throw new RenkeiError('config_invalid', `cannot create ${o.out}: ${(e as Error).message}`);
      }
      process.stderr.write(`renkei agent: key written to ${o.out}; keep it private and backed up\n`);
    });

  agent
    .command('generate')
    .description('write synthetic EVE JSON lines shaped like real Suricata output (for tests and benchmarks)')
    .requiredOption('--lines <n>', 'number of lines')
    .option('--out <file>', 'output file (default stdout)')
    .option('--seed <n>', 'random seed', '1')
    .option('--start <iso>', 'first timestamp', '2026-11-01T00:00:00Z')
    .option('--per-hour <n>', 'lines per hour of log time', '100000')
    .action(async (o: { lines: string; out?: string; seed: string; start: string; perHour: string }) => {
      const { writeEveLines } = await import('../../agent/generate/eve-generator.ts');
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      await writeEveLines(out, { lines: Number(o.lines), seed: Number(o.seed), start: Date.parse(o.start), perHour: Number(o.perHour) });
      if (o.out) await new Promise<void>((res) => (out as import('node:fs').WriteStream).end(() => res()));
    });
}
