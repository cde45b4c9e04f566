/**
 * The layering of docs/ARCHITECTURE.md, checked by dependency-cruiser in `npm test` (scripts/test.sh).
 * `src/architecture.test.ts` plants one violation per rule in a scratch tree and watches each rule fire.
 *
 * Arrows point one way: core ← contracts ← storage ← services (node, hub, agent, importers, exporters,
 * stix, services, geo, http) ← composition roots (cli, testkit, hub/demo). The browser side (web, client) sees only
 * contracts and core.
 */

// Test code and test helpers may reach anything (they build whole worlds).
const TEST = [
  '\\.test\\.tsx?$',
  '^src/testkit/',
  '^src/storage/contract/',
  '^src/storage/store-contract\\.ts$',
  '/test-harness\\.ts$',
  '^src/[^/]+/testing/',
  '^src/web/(e2e|test-support)/',
  '^src/web/vite\\.config\\.ts$',
];
// Processes that wire several services together.
const ROOTS = ['^src/cli/', '^src/testkit/', '^src/hub/demo/'];
// Where a process's context is declared and built: they wire every slice in.
const WIRING = ['^src/(node|hub)/(create-[^/]+|context)\\.ts$'];
const SERVICES = '^src/(node|hub|agent|importers|exporters|services|stix|geo|http)/';
// npm packages core may use: pure, browser-safe.
const CORE_NPM = 'node_modules/(@noble/(hashes|curves|ciphers)|ipaddr\\.js|tldts|tldts-core|zod|libsodium-wrappers-sumo|libsodium-sumo)/';
const DRIVERS = 'node_modules/(pg|pg-[a-z-]+|better-sqlite3)/';
const HTTP_SERVER = 'node_modules/(fastify|@fastify/[^/]+)/';
// Feature slices that nothing outside the same slice (or a composition root) may reach into. Blind search
// is not one: federation carries its signed assertions, so contracts/federation and the connectors use it.
const LEAF_SLICES = '(damage|disclosure)';
// Slices built on the leaf slices: cases composes the damage estimate (core/cases → core/damage); the
// report slice exists to publish protected figures and damage estimates.
const LEAF_USERS = ['^src/[^/]+/cases/', '^src/[^/]+/reports/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module reaches itself through its imports (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'core is pure and browser-safe: only core and a few pure npm packages; no Node built-ins.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TEST },
      to: { pathNot: ['^src/core/', CORE_NPM], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-no-builtins',
      comment: 'core runs in the browser too: no node: built-ins.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contracts-only-core',
      comment: 'Wire schemas use core and zod only.',
      severity: 'error',
      from: { path: '^src/contracts/', pathNot: TEST },
      to: { pathNot: ['^src/(core|contracts)/', 'node_modules/zod/'] },
    },
    {
      name: 'storage-only-core',
      comment: 'Stores know core types only: no contracts, services, HTTP or UI.',
      severity: 'error',
      from: { path: '^src/storage/', pathNot: TEST },
      to: { path: '^src/', pathNot: '^src/(core|storage)/' },
    },
    {
      name: 'drivers-stay-in-storage',
      comment: 'No SQL driver handle leaves storage/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/storage/', ...TEST] },
      to: { path: DRIVERS },
    },
    {
      name: 'services-not-up',
      comment: 'Services never reach up into the CLI, the UI or the client.',
      severity: 'error',
      from: { path: SERVICES, pathNot: [...TEST, ...ROOTS] },
      to: { path: '^src/(cli|web|client)/' },
    },
    {
      name: 'hub-not-node-or-agent',
      comment: 'The hub talks to nodes over HTTP and to agents through their batches, not their code.',
      severity: 'error',
      from: { path: '^src/hub/', pathNot: [...TEST, ...ROOTS] },
      to: { path: '^src/(node|agent)/' },
    },
    {
      name: 'node-not-hub-or-agent',
      severity: 'error',
      from: { path: '^src/node/', pathNot: TEST },
      to: { path: '^src/(hub|agent)/' },
    },
    {
      name: 'agent-not-hub-or-node',
      comment: 'Customer data never leaves the agent except as aggregate batches: it shares no code with the servers.',
      severity: 'error',
      from: { path: '^src/agent/', pathNot: TEST },
      to: { path: '^src/(hub|node|storage)/' },
    },
    {
      name: 'libraries-not-servers',
      comment: 'Importers, exporters, STIX mapping, shared services and geo data serve the processes, never the reverse.',
      severity: 'error',
      from: { path: '^src/(importers|exporters|stix|services|geo|http)/', pathNot: TEST },
      to: { path: '^src/(node|hub|agent)/' },
    },
    {
      name: 'stix-below-importers',
      comment: 'STIX mapping is used by importers and exporters, never the reverse.',
      severity: 'error',
      from: { path: '^src/stix/', pathNot: TEST },
      to: { path: '^src/(importers|exporters)/' },
    },
    {
      name: 'http-server-at-the-edge',
      comment: 'Only the node and the hub mount HTTP routes (src/http holds their shared edge).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(node|hub|http)/', ...TEST, ...ROOTS] },
      to: { path: HTTP_SERVER },
    },
    {
      name: 'web-sees-client-contracts-core',
      comment: 'The browser bundle imports the typed client, wire schemas and core only.',
      severity: 'error',
      from: { path: '^src/(web|client)/', pathNot: TEST },
      to: { path: '^src/', pathNot: '^src/(web|client|contracts|core)/' },
    },
    {
      name: 'web-no-builtins',
      severity: 'error',
      from: { path: '^src/(web|client)/', pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pages-apart',
      comment: 'A page never imports another page; shared parts go to components/ or lib/.',
      severity: 'error',
      from: { path: '^src/web/pages/([^/]+)\\.tsx?$', pathNot: TEST },
      to: { path: '^src/web/pages/', pathNot: '^src/web/pages/$1\\.tsx?$' },
    },
    {
      name: 'slices-apart',
      comment: 'A feature slice is reached only from the same slice in another layer (core/disclosure ← hub/disclosure) or from the wiring.',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/[^/]+/${LEAF_SLICES}/`, ...LEAF_USERS, ...TEST, ...ROOTS, ...WIRING] },
      to: { path: `^src/[^/]+/${LEAF_SLICES}/` },
    },
    {
      name: 'no-test-helpers-in-production',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST },
      to: { path: '^src/testkit/|\\.test\\.tsx?$|^src/storage/contract/|^src/storage/store-contract\\.ts$|^src/[^/]+/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
