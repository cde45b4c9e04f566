import { CommanderError, type Command } from 'commander';
import { isRenkeiError } from '../core/errors.ts';

/** Exit codes shared by all verbs: 0 success, 1 partial (some records rejected), 2 usage error or nothing read. */
export const EXIT = { ok: 0, partial: 1, usage: 2 } as const;

/** Parses argv, turning usage and domain errors into a one-line message and exit code 2. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    if (isRenkeiError(e)) {
      process.stderr.write(`renkei: ${e.message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    throw e;
  }
}
