#!/usr/bin/env node
// The CLI runs from TypeScript sources through tsx's loader, so a fresh clone needs no build step.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Bulk imports allocate faster than V8's default heap growth collects; a capped old space keeps an import
 * of 1M attributes under its 600 MB RSS budget (issue 2; bench/import.ts measures with the same cap).
 * `import` re-runs itself once with the cap unless the caller chose a heap size.
 */
const IMPORT_HEAP_MB = 320;
const heapSet = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-old-space-size'));
if (process.argv[2] === 'import' && !heapSet) {
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${IMPORT_HEAP_MB}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // The terminal signals the whole process group: the child stops its import cleanly, the parent waits for it.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
