/**
 * `renkei <verb>`: the command-line entry point. Each verb lives in `commands/<verb>.ts` and is loaded
 * lazily so that, for example, `renkei normalize` never opens a database driver.
 */
import { Command } from 'commander';
import { runCli } from './run-cli.ts';

const VERBS: Record<string, { summary: string; load: () => Promise<{ register: (program: Command) => void }> }> = {
  normalize: { summary: 'detect and canonicalise indicator values', load: () => import('./commands/normalize.ts') },
  import: { summary: 'import MISP events, feeds, STIX bundles, CSV and text lists', load: () => import('./commands/import.ts') },
  export: { summary: 'export the store as MISP, feed, STIX, CSV or text', load: () => import('./commands/export.ts') },
  search: { summary: 'search values in the local store or across the hub', load: () => import('./commands/search.ts') },
  node: { summary: 'serve an intel store (MISP-compatible API, TAXII 2.1)', load: () => import('./commands/node.ts') },
  keys: { summary: 'create, list and revoke node API keys', load: () => import('./commands/keys.ts') },
  blind: { summary: 'pin the hub key, require blind search, build token sets', load: () => import('./commands/blind.ts') },
  hub: { summary: 'serve the hub or manage its members', load: () => import('./commands/hub.ts') },
  demo: { summary: 'boot a hub and member nodes with a generated world', load: () => import('./commands/demo.ts') },
  agent: { summary: 'parse, anonymise and aggregate logs; ship aggregates', load: () => import('./commands/agent.ts') },
};

const program = new Command('renkei')
  .description('Renkei: share threat information without exposing what must stay private')
  .showHelpAfterError()
  .exitOverride();

const verb = process.argv[2];
const entry = verb ? VERBS[verb] : undefined;
if (entry) {
  const mod = await entry.load();
  mod.register(program);
} else {
  for (const [name, v] of Object.entries(VERBS)) program.command(name).description(v.summary);
}
await runCli(program, process.argv);
