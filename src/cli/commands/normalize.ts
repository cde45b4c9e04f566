/**
 * `renkei normalize [--json] [--type T] VALUE...`: detect and canonicalise indicator values.
 * With no VALUE and a piped stdin, reads one value per line.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { normalizeMany, SUPPORTED_TYPES } from '../../core/indicators/normalize.ts';
import type { Normalized } from '../../core/indicators/types.ts';
import { EXIT } from '../run-cli.ts';

interface Opts {
  json?: boolean;
  type?: string;
}

function parseType(t: string): string {
  if (!(SUPPORTED_TYPES as readonly string[]).includes(t)) {
    throw new InvalidArgumentError(`unsupported type; one of: ${SUPPORTED_TYPES.join(', ')}`);
  }
  return t;
}

async function readStdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One line per value: `type  value  <- input` or `error  reason  <- input`. */
export function formatText(results: Normalized[]): string {
  const rows = results.map((r) => (r.ok ? [r.type, r.value + (r.note ? `  (${r.note})` : ''), r.input] : ['error', r.error, r.input]));
  const w0 = Math.max(0, ...rows.map((r) => r[0]!.length));
  const w1 = Math.max(0, ...rows.map((r) => r[1]!.length));
  return rows.map((r) => `${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  <- ${r[2]}`).join('\n') + (rows.length ? '\n' : '');
}

/** JSON objects: `{input,type,value[,note]}` or `{input,error}`. */
export function toJson(results: Normalized[]): object[] {
  return results.map((r) =>
    r.ok ? { input: r.input, type: r.type, value: r.value, ...(r.note ? { note: r.note } : {}) } : { input: r.input, error: r.error },
  );
}

/** Adds the `normalize` verb. */
export function register(program: Command): void {
  program
    .command('normalize')
    .description('detect the type of raw indicator values and print their canonical form')
    .argument('[values...]', 'values to normalise (defanged forms accepted); read from stdin when none are given')
    .option('--json', 'print a JSON array, one object per input')
    .option('--type <type>', 'read every value as this MISP type (e.g. AS for bare numbers)', parseType)
    .action(async (values: string[], opts: Opts) => {
      let inputs = values;
      if (inputs.length === 0) {
        if (process.stdin.isTTY) {
          process.stderr.write('renkei normalize: give at least one VALUE (or pipe values on stdin)\n');
          process.exitCode = EXIT.usage;
          return;
        }
        inputs = await readStdinLines();
        if (inputs.length === 0) {
          process.stderr.write('renkei normalize: no values on stdin\n');
          process.exitCode = EXIT.usage;
          return;
        }
      }
      const results = normalizeMany(inputs, opts.type ? { type: opts.type } : undefined);
      process.stdout.write(opts.json ? JSON.stringify(toJson(results), null, 2) + '\n' : formatText(results));
      process.exitCode = results.every((r) => r.ok) ? EXIT.ok : EXIT.partial;
    });
}
